import { z } from 'zod';
import type { Route } from '../../../http/types.ts';
import { requestStateSchema } from '../../schemas.ts';
import { adminRoute, respond, type AdminDeps } from '../common.ts';

const querySchema = z.object({ state: requestStateSchema.optional() }).strict();

/** GET /wfm-admin/teams/:teamId/requests[?state=pending] — requests of the coming weeks and all pending ones. */
export function requestsListRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'GET', '/teams/:teamId/requests', async (req) => {
    const q = querySchema.parse(Object.fromEntries(req.query));
    const now = Date.now();
    const window = { start: new Date(now - 31 * 86_400_000).toISOString(), end: new Date(now + 92 * 86_400_000).toISOString() };
    const r = await deps.wfm.listRequests(req.params.teamId!, window);
    return respond(r, (items) => ({ items: q.state ? items.filter((i) => i.state === q.state) : items }));
  });
}
