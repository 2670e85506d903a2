import type { Route } from '../../http/types.ts';
import { listLinksEndpoint, listLinksQuerySchema, listLinksResponseSchema } from '../contracts.ts';
import { subjectEmployee, type TabRouteDeps } from './tab-access.ts';

/** Lists the caller's links (or a managed worker's), newest first, with their status. */
export function listLinksRoute(deps: TabRouteDeps): Route {
  return {
    ...listLinksEndpoint,
    async handler(req) {
      const p = await deps.auth.principal(req);
      const query = listLinksQuerySchema.parse(Object.fromEntries(req.query.entries()));
      const employeeId = await subjectEmployee(deps, p.userId, query.employeeId);
      const links = await deps.links.list(employeeId);
      return {
        status: 200,
        json: listLinksResponseSchema.parse({ employeeId, links }),
        headers: { 'cache-control': 'no-store' },
      };
    },
  };
}
