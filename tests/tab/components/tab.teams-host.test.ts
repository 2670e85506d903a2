// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Inside Teams. Teams itself cannot run here, so `@microsoft/teams-js` is replaced by a host
 * that answers like Teams does after a successful initialize: a context with the user's theme,
 * an SSO token, and theme-change notifications.
 */
const teams = vi.hoisted(() => ({
  initialized: false,
  themeHandler: undefined as ((theme: string) => void) | undefined,
  notified: 0,
}));

vi.mock('@microsoft/teams-js', () => ({
  app: {
    initialize: () => {
      teams.initialized = true;
      return Promise.resolve();
    },
    getContext: () => Promise.resolve({ app: { theme: 'contrast' } }),
    notifySuccess: () => {
      teams.notified++;
      return Promise.resolve();
    },
    registerOnThemeChangeHandler: (h: (theme: string) => void) => {
      teams.themeHandler = h;
    },
  },
  authentication: {
    getAuthToken: () => (teams.initialized ? Promise.resolve('sso-token') : Promise.reject(new Error('not initialized'))),
  },
}));

const { connectToTeams } = await import('../../../tab/web/host/teams.ts');

beforeEach(() => {
  teams.initialized = false;
  teams.notified = 0;
});

describe('Teams host', () => {
  it('takes the theme from the Teams context, the token from SSO, and tells Teams it loaded', async () => {
    const host = await connectToTeams(1000);
    expect(host?.kind).toBe('teams');
    expect(host?.theme).toBe('contrast');
    await expect(host!.getToken()).resolves.toBe('sso-token');
    expect(teams.notified).toBe(1);
  });

  it('passes theme changes on, mapping unknown names to the default theme', async () => {
    const host = (await connectToTeams(1000))!;
    const seen: string[] = [];
    host.onThemeChange((t) => seen.push(t));
    teams.themeHandler?.('dark');
    teams.themeHandler?.('something-new');
    expect(seen).toEqual(['dark', 'default']);
  });
});
