import type { Route } from '../../../connector/http/types.ts';
import { failuresEndpoint, failuresQuerySchema, failuresResponseSchema } from '../contracts/failures.ts';
import { parseQuery, reply, type TabContext } from './context.ts';

/** Failed entities of the manager's teams, filtered by team, entity type, error and state. */
export function failuresRoute(ctx: TabContext): Route {
  return {
    ...failuresEndpoint,
    async handler(req) {
      const p = await ctx.guard.principal(req);
      const q = parseQuery(req, failuresQuerySchema);
      const teamIds = q.teamId
        ? [(await ctx.guard.requireTeam(p, q.teamId)).teamId]
        : (await ctx.guard.managedTeams(p)).map((t) => t.teamId);
      // An empty team list must never reach the engine, where "no filter" would mean every team.
      if (teamIds.length === 0) return reply(failuresResponseSchema, { failures: [] });
      const failures = await ctx.sync.listFailures({
        teamIds,
        ...(q.entityType ? { entityType: q.entityType } : {}),
        ...(q.errorCode ? { errorCode: q.errorCode } : {}),
        state: q.state ?? ['open', 'retrying'],
      });
      return reply(failuresResponseSchema, { failures });
    },
  };
}
