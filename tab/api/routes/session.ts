import type { Route } from '../../../connector/http/types.ts';
import { listTeamMappings, getUserMapping } from '../../../connector/mappings/index.ts';
import { appIdUri } from '../auth/rules.ts';
import { sessionEndpoint, sessionResponseSchema, type SessionResponse } from '../contracts/session.ts';
import { reply, type TabContext } from './context.ts';

/**
 * Tells the client how to sign in: where the consent popup goes (public app registration
 * values) and, in local mode only, the managers of mapped teams so a developer can pick whom to sign in as.
 */
export function sessionRoute(ctx: TabContext): Route {
  return {
    ...sessionEndpoint,
    async handler() {
      const c = ctx.config;
      const entra: SessionResponse['entra'] = c.clientId
        ? { authority: c.authorityHost.replace(/\/+$/, ''), tenantId: c.tenantId ?? 'organizations', clientId: c.clientId, scope: `${appIdUri(c)}/access_as_user` }
        : undefined;
      if (!c.localMode) return reply(sessionResponseSchema, { localMode: false, localUsers: [], ...(entra ? { entra } : {}) });
      const ids = new Set<string>();
      for (const m of await listTeamMappings(ctx.store)) {
        for (const id of [...m.managerUserIds, ...(m.ownerUserId ? [m.ownerUserId] : [])]) ids.add(id);
      }
      const directory = (await ctx.localUserNames?.()) ?? new Map<string, string>();
      const localUsers = await Promise.all(
        [...ids].sort().map(async (userId) => ({
          userId,
          displayName: (await getUserMapping(ctx.store, userId))?.displayName ?? directory.get(userId) ?? userId,
        })),
      );
      return reply(sessionResponseSchema, { localMode: true, localUsers, ...(entra ? { entra } : {}) });
    },
  };
}
