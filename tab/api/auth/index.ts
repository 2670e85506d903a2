/** Token validation for the tab's API (SSO in Teams, the emulator's issuer in local mode). */
export { createTokenVerifier, remoteKeys, type Principal, type TokenError, type TokenRules, type TokenVerifier } from './token.ts';
export { appIdUri, tokenRulesFor, TAB_SCOPE, type TabAuthConfig } from './rules.ts';
