import type { Route } from '../../../http/types.ts';
import { answer, apiRoute, windowOf, type ApiContext } from '../common.ts';

/** GET /teams/:teamId/open-shifts?start&end */
export function openShiftsRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/teams/:teamId/open-shifts', async (req) =>
    answer(await ctx.adapter.listOpenShifts(req.params.teamId!, windowOf(req)), (items) => ({ items })),
  );
}
