import type { Route } from '../../../connector/http/types.ts';
import type { WfmTimeOffReason } from '../../../connector/wfm/contract.ts';
import { reasonsEndpoint, reasonsResponseSchema } from '../contracts/reasons.ts';
import { param, reply, wfmError, type TabContext } from './context.ts';

const shape = (r: WfmTimeOffReason) => ({ id: r.id, name: r.name, iconType: r.iconType, paid: r.paid });

/**
 * The time-off reasons one team member may use, from the same WFM call that answers Shifts'
 * `/read` eligibility filter, and for the others the rule code and message.
 */
export function reasonsRoute(ctx: TabContext): Route {
  return {
    ...reasonsEndpoint,
    async handler(req) {
      const p = await ctx.guard.principal(req);
      const team = await ctx.guard.requireTeam(p, param(req, 'teamId'));
      const result = await ctx.wfm.eligibleTimeOffReasons(team.wfmTeamId, param(req, 'employeeId'));
      if (!result.ok) throw wfmError(result.error);
      return reply(reasonsResponseSchema, {
        eligible: result.value.eligible.map(shape),
        ineligible: result.value.ineligible.map((i) => ({ reason: shape(i.reason), code: i.code, message: i.message })),
      });
    },
  };
}
