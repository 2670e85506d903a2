import type { Route } from '../../../http/types.ts';
import { answer, apiRoute, type ApiContext } from '../common.ts';

/** GET /teams/:teamId/employees/:employeeId/eligible-time-off-reasons */
export function eligibleReasonsRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/teams/:teamId/employees/:employeeId/eligible-time-off-reasons', async (req) =>
    answer(await ctx.adapter.eligibleTimeOffReasons(req.params.teamId!, req.params.employeeId!), (v) => v),
  );
}
