import type { TokenRules } from './token.ts';

/** The slice of configuration token validation needs. */
export interface TabAuthConfig {
  localMode: boolean;
  /** Entra authority host (the local emulator in local mode). */
  authorityHost: string;
  tenantId: string | undefined;
  /** The app's client id (Entra app registration; `local-connector` in local mode). */
  clientId: string | undefined;
  /** Where Teams loads the tab from; its host is the `{domain}` of the Application ID URI. */
  publicUrl: string;
  /** Overrides `api://{domain}/{clientId}` when the app registration uses another URI. */
  appIdUri: string | undefined;
}

/** The single scope Teams SSO asks for (`aad.manifest.json` exposes it). */
export const TAB_SCOPE = 'access_as_user';

/**
 * The Application ID URI tokens must be issued for. Local mode uses `api://localhost/{clientId}`,
 * what Teams Toolkit's local setup registers and what the local emulator mints by default.
 */
export function appIdUri(c: TabAuthConfig): string {
  if (c.appIdUri) return c.appIdUri;
  const domain = c.localMode ? 'localhost' : new URL(c.publicUrl).host;
  return `api://${domain}/${c.clientId ?? ''}`;
}

/**
 * Derives issuers, audiences and the JWKS address from configuration. Entra issues v2
 * tokens (`{authority}/{tid}/v2.0`, aud = client id) and v1 tokens (`sts.windows.net`, aud =
 * the Application ID URI); both are accepted. The local emulator follows the v2 form.
 */
export function tokenRulesFor(c: TabAuthConfig): { rules: TokenRules; jwksUrl: string } {
  const authority = c.authorityHost.replace(/\/+$/, '');
  const issuers = [`${authority}/{tenantId}/v2.0`];
  if (!c.localMode) issuers.push('https://sts.windows.net/{tenantId}/');
  const audiences = [appIdUri(c), ...(c.clientId ? [c.clientId] : [])];
  return {
    rules: {
      issuers,
      audiences,
      tenantId: c.tenantId,
      requiredScope: TAB_SCOPE,
      clockToleranceSeconds: 60,
    },
    jwksUrl: `${authority}/${c.tenantId ?? 'common'}/discovery/v2.0/keys`,
  };
}
