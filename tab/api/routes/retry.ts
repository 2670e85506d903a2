import type { Route } from '../../../connector/http/types.ts';
import { retryEndpoint, retryResponseSchema } from '../contracts/failures.ts';
import { ownedFailure } from './failure.ts';
import { param, reply, syncError, type TabContext } from './context.ts';

/** Retries one failed entity now and answers with its new state (the row updates from it). */
export function retryRoute(ctx: TabContext): Route {
  return {
    ...retryEndpoint,
    bodyLimit: 1024,
    async handler(req) {
      const p = await ctx.guard.principal(req);
      const failure = await ownedFailure(ctx, p, param(req, 'failureId'));
      const result = await ctx.sync.retryFailure(failure.id);
      if (!result.ok) throw syncError(result.error);
      req.log.info({ failureId: failure.id, state: result.value.state, by: p.userId }, 'failure retried from the tab');
      return reply(retryResponseSchema, { failure: result.value });
    },
  };
}
