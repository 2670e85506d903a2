/** Where the tab runs and how it gets a token: Teams SSO, or local sign-in. */
export { connectToTeams, expectedHost, TEAMS_INIT_TIMEOUT_MS, TEAMS_KNOWN_INIT_TIMEOUT_MS } from './teams.ts';
export { localHost, localSession, sessionStorageOrMemory, type LocalSession } from './local.ts';
export { toThemeName, type TabHost, type ThemeName } from './types.ts';
export { SsoError, toSsoError, type SsoFailureReason } from './sso.ts';
