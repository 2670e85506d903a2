/** Where the tab runs and how it gets a token: Teams SSO, or local sign-in. */
export { connectToTeams, TEAMS_INIT_TIMEOUT_MS } from './teams.ts';
export { localHost, localSession, type LocalSession } from './local.ts';
export { toThemeName, type TabHost, type ThemeName } from './types.ts';
