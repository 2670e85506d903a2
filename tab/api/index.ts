/**
 * The manager tab: its API under `/api/tab/*` (one module per endpoint, contracts shared with
 * the React client) and the built single-page app under `/tab/`.
 */
import type { AppModule } from '../../connector/app.ts';
import { createTokenVerifier, remoteKeys, tokenRulesFor } from './auth/index.ts';
import { createGuard, type Guard } from './guard.ts';
import type { TabDeps } from './ports.ts';
import type { TabContext } from './routes/context.ts';
import { failureRoute } from './routes/failure.ts';
import { failuresRoute } from './routes/failures.ts';
import { localSignInRoute } from './routes/localSignIn.ts';
import { meRoute } from './routes/me.ts';
import { membersRoute } from './routes/members.ts';
import { reasonsRoute } from './routes/reasons.ts';
import { rejectedRoute } from './routes/rejected.ts';
import { retryRoute } from './routes/retry.ts';
import { retryAllRoute } from './routes/retryAll.ts';
import { runRoute } from './routes/run.ts';
import { sessionRoute } from './routes/session.ts';
import { statusRoute } from './routes/status.ts';
import { syncNowRoute } from './routes/syncNow.ts';
import { staticRoutes } from './static.ts';

export { webhookRejections } from './rejectedSource.ts';
export { emulatorTokenMinter, emulatorUserNames } from './emulatorSignIn.ts';
export { tabConfigFrom, tabDepsFrom, tabDistDir } from './config.ts';
export type { TabDeps, TabConfig, RejectedChangesSource, LocalTokenMinter, LocalUserNames } from './ports.ts';
export type { Guard } from './guard.ts';
export { tokenRulesFor, appIdUri, createTokenVerifier, type Principal, type TabAuthConfig } from './auth/index.ts';

/**
 * The tab's authentication and per-team authorisation, built once by the composition root and
 * shared with other capabilities that serve the tab (calendar links use it as their auth port).
 */
export function createTabGuard(deps: Pick<TabDeps, 'config' | 'store' | 'keys'>): Guard {
  const { rules, jwksUrl } = tokenRulesFor(deps.config);
  return createGuard(createTokenVerifier(rules, deps.keys ?? remoteKeys(jwksUrl)), deps.store);
}

/** Builds the tab capability: validated, per-team authorised API plus the static app. */
export function createTabModule(deps: TabDeps & { guard?: Guard }): AppModule {
  const guard = deps.guard ?? createTabGuard(deps);
  const ctx: TabContext = { ...deps, guard, now: deps.now ?? (() => new Date()) };
  return {
    name: 'tab',
    routes: [
      sessionRoute(ctx),
      localSignInRoute(ctx),
      meRoute(ctx),
      statusRoute(ctx),
      syncNowRoute(ctx),
      runRoute(ctx),
      failuresRoute(ctx),
      failureRoute(ctx),
      retryRoute(ctx),
      retryAllRoute(ctx),
      rejectedRoute(ctx),
      membersRoute(ctx),
      reasonsRoute(ctx),
      // Entra (or, in local mode, the emulator's) for the browser sign-in outside Teams.
      ...staticRoutes(deps.config.distDir, { connectSources: [new URL(deps.config.authorityHost).origin] }),
    ],
  };
}
