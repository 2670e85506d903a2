/**
 * Why Teams SSO (`authentication.getAuthToken`) gave no token, in the terms the manager can act
 * on: Entra wants their consent, wants them to sign in again (MFA, expired session, conditional
 * access), or something else went wrong (Teams offline, the app misconfigured).
 */
export type SsoFailureReason = 'consent_required' | 'interaction_required' | 'other';

/** A failed `getAuthToken`, with the host's own words kept for the screen. */
export class SsoError extends Error {
  constructor(
    readonly reason: SsoFailureReason,
    readonly detail: string,
  ) {
    super(`Teams sign-in failed (${reason}): ${detail}`);
    this.name = 'SsoError';
  }
}

/**
 * teams-js rejects with `new Error(<the host's string>)`. Teams hosts spell the two cases Entra
 * raises (AADSTS65001 consent, AADSTS50076/50079 interaction) in OAuth terms or in their own.
 */
export function toSsoError(error: unknown): SsoError {
  if (error instanceof SsoError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (/consent_required|resourceRequiresConsent|AADSTS65001/i.test(detail)) return new SsoError('consent_required', detail);
  if (/interaction_required|login_required|resourceRequiresMfa|AADSTS5007[69]|AADSTS50058/i.test(detail)) {
    return new SsoError('interaction_required', detail);
  }
  return new SsoError('other', detail || 'Teams gave no reason.');
}

/** Where the consent popup starts: a page of this app that sends the user on to Entra. */
export const SIGN_IN_START_PATH = '/tab/auth/start';
/** Where Entra sends the popup back: it tells Teams how the sign-in ended and closes. */
export const SIGN_IN_END_PATH = '/tab/auth/end';

/** The app registration values the consent popup needs (from `GET /api/tab/session`). */
export interface EntraSignIn {
  authority: string;
  tenantId: string;
  clientId: string;
  scope: string;
}

/**
 * Entra's authorize address for the consent popup: authorization code with PKCE (the code is
 * never redeemed here; the point is that the user consents or signs in, after which Teams SSO
 * can hand out the token). `prompt=consent` only when Entra asked for consent.
 */
export function authorizeUrl(
  entra: EntraSignIn,
  p: { redirectUri: string; state: string; codeChallenge: string; loginHint?: string; consent: boolean },
): string {
  const url = new URL(`${entra.authority}/${encodeURIComponent(entra.tenantId)}/oauth2/v2.0/authorize`);
  const q = url.searchParams;
  q.set('client_id', entra.clientId);
  q.set('response_type', 'code');
  q.set('response_mode', 'query');
  q.set('redirect_uri', p.redirectUri);
  q.set('scope', `openid profile ${entra.scope}`);
  q.set('state', p.state);
  q.set('code_challenge', p.codeChallenge);
  q.set('code_challenge_method', 'S256');
  if (p.consent) q.set('prompt', 'consent');
  if (p.loginHint) q.set('login_hint', p.loginHint);
  return url.href;
}

/** How Entra's answer at the end page reads: signed in, or its error and description. */
export function signInOutcome(search: string, expectedState: string | null): { ok: true } | { ok: false; reason: string } {
  const q = new URLSearchParams(search);
  const error = q.get('error');
  if (error) return { ok: false, reason: `${error}: ${q.get('error_description') ?? 'no description'}` };
  // Without storage (refused to the popup) the state cannot be kept; the code is never used anyway.
  if (expectedState !== null && q.get('state') !== expectedState) return { ok: false, reason: 'state_mismatch: the answer is not for this sign-in.' };
  if (!q.get('code')) return { ok: false, reason: 'no_code: Entra answered without a code.' };
  return { ok: true };
}
