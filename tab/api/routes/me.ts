import type { Route } from '../../../connector/http/types.ts';
import { meEndpoint, meResponseSchema } from '../contracts/me.ts';
import { reply, wfmTeamNames, type TabContext } from './context.ts';

/** Who is signed in and which teams they manage (empty: the tab explains why). */
export function meRoute(ctx: TabContext): Route {
  return {
    ...meEndpoint,
    async handler(req) {
      const p = await ctx.guard.principal(req);
      const [teams, names] = await Promise.all([ctx.guard.managedTeams(p), wfmTeamNames(ctx)]);
      return reply(meResponseSchema, {
        userId: p.userId,
        displayName: p.displayName,
        localMode: ctx.config.localMode,
        teams: teams.map((m) => ({ teamId: m.teamId, teamName: names.get(m.wfmTeamId) ?? m.teamId, timeZone: m.timeZone })),
      });
    },
  };
}
