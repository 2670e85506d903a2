import type { Route } from '../../../connector/http/types.ts';
import { rejectedEndpoint, rejectedQuerySchema, rejectedResponseSchema } from '../contracts/rejected.ts';
import { parseQuery, reply, type TabContext } from './context.ts';

/** How many rejections one page shows, newest first. */
const LIMIT = 200;

/** The audit of Shifts changes the WFM rejected, for the manager's teams. */
export function rejectedRoute(ctx: TabContext): Route {
  return {
    ...rejectedEndpoint,
    async handler(req) {
      const p = await ctx.guard.principal(req);
      const q = parseQuery(req, rejectedQuerySchema);
      const teamIds = q.teamId
        ? [(await ctx.guard.requireTeam(p, q.teamId)).teamId]
        : (await ctx.guard.managedTeams(p)).map((t) => t.teamId);
      if (teamIds.length === 0) return reply(rejectedResponseSchema, { changes: [] });
      return reply(rejectedResponseSchema, { changes: await ctx.rejected.list({ teamIds, limit: LIMIT }) });
    },
  };
}
