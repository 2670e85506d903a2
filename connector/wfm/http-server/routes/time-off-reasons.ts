import type { Route } from '../../../http/types.ts';
import { answer, apiRoute, type ApiContext } from '../common.ts';

/** GET /teams/:teamId/time-off-reasons */
export function timeOffReasonsRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/teams/:teamId/time-off-reasons', async (req) =>
    answer(await ctx.adapter.listTimeOffReasons(req.params.teamId!), (items) => ({ items })),
  );
}
