import type { Route } from '../../../http/types.ts';
import { changesQuerySchema } from '../../http/wire.ts';
import { answer, apiRoute, type ApiContext } from '../common.ts';

/** GET /changes?cursor&limit */
export function changesRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/changes', async (req) => {
    const q = changesQuerySchema.strict().parse(Object.fromEntries(req.query));
    return answer(await ctx.adapter.changesSince(q.cursor ?? null, q.limit), (page) => page);
  });
}
