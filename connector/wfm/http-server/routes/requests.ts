import type { Route } from '../../../http/types.ts';
import { answer, apiRoute, windowOf, type ApiContext } from '../common.ts';

/** GET /teams/:teamId/requests?start&end */
export function requestsRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/teams/:teamId/requests', async (req) =>
    answer(await ctx.adapter.listRequests(req.params.teamId!, windowOf(req)), (items) => ({ items })),
  );
}
