import type { Route } from '../../../http/types.ts';
import { answer, apiRoute, type ApiContext } from '../common.ts';

/** GET /teams/:teamId/jobs */
export function jobsRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/teams/:teamId/jobs', async (req) =>
    answer(await ctx.adapter.listJobs(req.params.teamId!), (items) => ({ items })),
  );
}
