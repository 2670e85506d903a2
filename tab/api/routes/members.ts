import type { Route } from '../../../connector/http/types.ts';
import { membersEndpoint, membersResponseSchema } from '../contracts/reasons.ts';
import { param, reply, wfmError, type TabContext } from './context.ts';

/** The people of one managed team, as the WFM knows them, sorted by name. */
export function membersRoute(ctx: TabContext): Route {
  return {
    ...membersEndpoint,
    async handler(req) {
      const p = await ctx.guard.principal(req);
      const team = await ctx.guard.requireTeam(p, param(req, 'teamId'));
      const result = await ctx.wfm.listEmployees(team.wfmTeamId);
      if (!result.ok) throw wfmError(result.error);
      const members = result.value
        .map((e) => ({ employeeId: e.id, displayName: e.displayName }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
      return reply(membersResponseSchema, { members });
    },
  };
}
