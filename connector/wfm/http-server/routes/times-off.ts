import type { Route } from '../../../http/types.ts';
import { answer, apiRoute, windowOf, type ApiContext } from '../common.ts';

/** GET /teams/:teamId/times-off?start&end */
export function timesOffRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/teams/:teamId/times-off', async (req) =>
    answer(await ctx.adapter.listTimesOff(req.params.teamId!, windowOf(req)), (items) => ({ items })),
  );
}
