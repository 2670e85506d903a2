import { AppError } from '../../../connector/errors.ts';
import type { Route } from '../../../connector/http/types.ts';
import { localSignInEndpoint, localSignInRequestSchema, localSignInResponseSchema } from '../contracts/session.ts';
import { reply, type TabContext } from './context.ts';

/**
 * Local mode only: the browser asks this server, which asks the local emulator to mint a user
 * token (same origin for the browser, no CORS). The token is validated later like any other.
 */
export function localSignInRoute(ctx: TabContext): Route {
  return {
    ...localSignInEndpoint,
    bodyLimit: 4096,
    // It mints a token for any manager without a password: never for another machine.
    loopbackOnly: true,
    async handler(req) {
      const mint = ctx.mintLocalToken;
      if (!ctx.config.localMode || !mint) throw new AppError('not_found', 'Local sign-in exists only in local mode.');
      const { userId } = await req.json(localSignInRequestSchema);
      return reply(localSignInResponseSchema, await mint(userId));
    },
  };
}
