import type { Route } from '../../../http/types.ts';
import { answer, apiRoute, type ApiContext } from '../common.ts';

/** GET /teams */
export function teamsRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/teams', async () => answer(await ctx.adapter.listTeams(), (items) => ({ items })));
}
