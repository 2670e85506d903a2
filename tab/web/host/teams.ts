import { app, authentication } from '@microsoft/teams-js';
import { toThemeName, type TabHost } from './types.ts';

/** How long to wait for a Teams host to answer before deciding we are not in Teams. */
export const TEAMS_INIT_TIMEOUT_MS = 4000;

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
  try {
    const outcome = await Promise.race([app.initialize().then(() => 'ready' as const), timeout]);
    if (outcome !== 'ready') return undefined;
  } catch {
    // "No Parent window found": a plain browser. Local mode takes over.
    return undefined;
  } finally {
    clearTimeout(timer);
  }
  const context = await app.getContext();
  app.notifySuccess();
  return {
    kind: 'teams',
    theme: toThemeName(context.app.theme),
    onThemeChange(listener) {
      app.registerOnThemeChangeHandler((theme) => listener(toThemeName(theme)));
    },
    getToken: () => authentication.getAuthToken(),
  };
}
