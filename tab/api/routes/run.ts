import { AppError } from '../../../connector/errors.ts';
import type { Route } from '../../../connector/http/types.ts';
import { runEndpoint, runResponseSchema } from '../contracts/sync.ts';
import { param, reply, type TabContext } from './context.ts';

/** One sync run, for following "Sync now" to its result; only runs of managed teams. */
export function runRoute(ctx: TabContext): Route {
  return {
    ...runEndpoint,
    async handler(req) {
      const p = await ctx.guard.principal(req);
      const run = await ctx.sync.getRun(param(req, 'runId'));
      if (!run) throw new AppError('not_found', 'No such sync run.');
      await ctx.guard.requireTeam(p, run.teamId);
      return reply(runResponseSchema, run);
    },
  };
}
