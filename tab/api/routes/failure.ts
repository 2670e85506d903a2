import { AppError } from '../../../connector/errors.ts';
import type { Route } from '../../../connector/http/types.ts';
import type { SyncFailure } from '../../../connector/sync/service.ts';
import { failureEndpoint, failureResponseSchema } from '../contracts/failures.ts';
import type { Principal } from '../auth/index.ts';
import { param, reply, type TabContext } from './context.ts';

/** Loads a failure and checks the signed-in manager owns its team (403 otherwise). */
export async function ownedFailure(ctx: TabContext, p: Principal, id: string): Promise<SyncFailure> {
  const failure = await ctx.sync.getFailure(id);
  if (!failure) throw new AppError('not_found', 'No such failure.');
  await ctx.guard.requireTeam(p, failure.teamId);
  return failure;
}

/** One failed entity with its error history. */
export function failureRoute(ctx: TabContext): Route {
  return {
    ...failureEndpoint,
    async handler(req) {
      const p = await ctx.guard.principal(req);
      return reply(failureResponseSchema, { failure: await ownedFailure(ctx, p, param(req, 'failureId')) });
    },
  };
}
