import type { Route } from '../../../http/types.ts';
import { adminRoute, respond, type AdminDeps } from '../common.ts';

/** GET /wfm-admin/teams/:teamId/employees */
export function employeesListRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'GET', '/teams/:teamId/employees', async (req) =>
    respond(await deps.wfm.listEmployees(req.params.teamId!), (items) => ({ items })),
  );
}
