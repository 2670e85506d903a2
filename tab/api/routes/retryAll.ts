import type { Route } from '../../../connector/http/types.ts';
import { retryAllEndpoint, retryAllResponseSchema } from '../contracts/failures.ts';
import { param, reply, syncError, type TabContext } from './context.ts';

/** Retries every open failure of one managed team. */
export function retryAllRoute(ctx: TabContext): Route {
  return {
    ...retryAllEndpoint,
    bodyLimit: 1024,
    async handler(req) {
      const p = await ctx.guard.principal(req);
      const team = await ctx.guard.requireTeam(p, param(req, 'teamId'));
      const result = await ctx.sync.retryAll(team.teamId);
      if (!result.ok) throw syncError(result.error);
      req.log.info({ teamId: team.teamId, ...result.value, by: p.userId }, 'all failures retried from the tab');
      return reply(retryAllResponseSchema, result.value);
    },
  };
}
