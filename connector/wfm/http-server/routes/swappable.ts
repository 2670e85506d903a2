import type { Route } from '../../../http/types.ts';
import { answer, apiRoute, windowOf, type ApiContext } from '../common.ts';

/** GET /teams/:teamId/shifts/:shiftId/swappable?start&end */
export function swappableRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/teams/:teamId/shifts/:shiftId/swappable', async (req) =>
    answer(await ctx.adapter.swappableShifts(req.params.teamId!, req.params.shiftId!, windowOf(req)), (items) => ({ items })),
  );
}
