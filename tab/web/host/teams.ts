import { app, authentication } from '@microsoft/teams-js';
import { SIGN_IN_START_PATH, toSsoError } from './sso.ts';
import { toThemeName, type TabHost } from './types.ts';

/** How long to wait for a Teams host to answer before deciding we are not in Teams. */
export const TEAMS_INIT_TIMEOUT_MS = 4000;

/**
 * With `?inTeams=1` (the manifest's contentUrl) we know Teams frames us, so we wait as long as
 * teams-js itself does: slow clients (mobile, a cold desktop start) answer after many seconds.
 */
export const TEAMS_KNOWN_INIT_TIMEOUT_MS = 60_000;

/**
 * Where the tab was opened: the manifest's contentUrl carries `inTeams=1`; a frame without it
 * may still be Teams (an older package); a top-level page is a browser.
 */
export function expectedHost(search: string, framed: boolean): 'teams' | 'maybe-teams' | 'browser' {
  if (new URLSearchParams(search).get('inTeams') === '1') return 'teams';
  return framed ? 'maybe-teams' : 'browser';
}

/**
 * Tries to become a Teams tab. Top-level pages fail at once (no parent window); a page framed
 * by something that is not Teams would wait 60 s inside teams-js, so we race it with our own
 * short timeout. `getAuthToken` is only ever called after a successful initialize, because
 * after a failed one it never settles.
 */
export async function connectToTeams(timeoutMs = TEAMS_INIT_TIMEOUT_MS): Promise<TabHost | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  // A rejection ("No Parent window found": a plain browser) is an answer, not an error: local
  // mode takes over. Settling it here also keeps a late rejection from going unhandled.
  const init = app.initialize().then(
    () => 'ready' as const,
    () => 'no-host' as const,
  );
  const outcome = await Promise.race([init, timeout]);
  clearTimeout(timer);
  if (outcome !== 'ready') return undefined;
  const context = await app.getContext();
  // Tells Teams the tab loaded; nothing to do if the host does not listen.
  void app.notifySuccess();
  return {
    kind: 'teams',
    theme: toThemeName(context.app.theme),
    onThemeChange(listener) {
      app.registerOnThemeChangeHandler((theme) => listener(toThemeName(theme)));
    },
    // A failure says why (consent, interaction, other) so the tab can offer the right way out.
    getToken: () => authentication.getAuthToken().catch((e: unknown) => Promise.reject(toSsoError(e))),
    async signIn(reason) {
      const url = new URL(SIGN_IN_START_PATH, location.origin);
      if (reason === 'consent_required') url.searchParams.set('consent', '1');
      const loginHint = context.user?.loginHint;
      if (loginHint) url.searchParams.set('loginHint', loginHint);
      await authentication.authenticate({ url: url.href, width: 600, height: 535 });
    },
  };
}
