import type { Route } from '../../../http/types.ts';
import { answer, apiRoute, windowOf, type ApiContext } from '../common.ts';

/** GET /teams/:teamId/shifts?start&end */
export function shiftsRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/teams/:teamId/shifts', async (req) =>
    answer(await ctx.adapter.listShifts(req.params.teamId!, windowOf(req)), (items) => ({ items })),
  );
}
