import type { Route } from '../../../http/types.ts';
import { answer, apiRoute, type ApiContext } from '../common.ts';

/** GET /teams/:teamId/employees */
export function employeesRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/teams/:teamId/employees', async (req) =>
    answer(await ctx.adapter.listEmployees(req.params.teamId!), (items) => ({ items })),
  );
}
