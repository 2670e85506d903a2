import type { Route } from '../../../connector/http/types.ts';
import { syncNowEndpoint, syncNowResponseSchema } from '../contracts/sync.ts';
import { param, reply, syncError, type TabContext } from './context.ts';

/** Queues a sync of one managed team; the client follows the run id for progress. */
export function syncNowRoute(ctx: TabContext): Route {
  return {
    ...syncNowEndpoint,
    bodyLimit: 1024,
    async handler(req) {
      const p = await ctx.guard.principal(req);
      const team = await ctx.guard.requireTeam(p, param(req, 'teamId'));
      const result = await ctx.sync.syncNow(team.teamId);
      if (!result.ok) throw syncError(result.error);
      req.log.info({ teamId: team.teamId, runId: result.value.runId, by: p.userId }, 'manual sync queued from the tab');
      return reply(syncNowResponseSchema, result.value, 202);
    },
  };
}
