import type { Route } from '../../../http/types.ts';
import { changesQuerySchema } from '../../http/wire.ts';
import { adminRoute, respond, type AdminDeps } from '../common.ts';

/** GET /wfm-admin/changes?cursor&limit — the change feed, to watch what the sync engine will see. */
export function changesRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'GET', '/changes', async (req) => {
    const q = changesQuerySchema.strict().parse(Object.fromEntries(req.query));
    return respond(await deps.wfm.changesSince(q.cursor ?? null, q.limit));
  });
}
