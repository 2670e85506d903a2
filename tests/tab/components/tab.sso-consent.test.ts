import { describe, expect, it } from 'vitest';
import { authorizeUrl, signInOutcome, toSsoError } from '../../../tab/web/host/sso.ts';

describe('reading Teams SSO failures', () => {
  it.each([
    ['consent_required', 'consent_required'],
    ['resourceRequiresConsent', 'consent_required'],
    ['AADSTS65001: The user or administrator has not consented', 'consent_required'],
    ['interaction_required', 'interaction_required'],
    ['resourceRequiresMfa', 'interaction_required'],
    ['AADSTS50076: multi-factor authentication required', 'interaction_required'],
    ['FailedToOpenWindow', 'other'],
    ['', 'other'],
  ])('%j is %s', (message, reason) => {
    expect(toSsoError(new Error(message)).reason).toBe(reason);
  });
});

describe('the consent popup against Entra', () => {
  const entra = { authority: 'https://login.microsoftonline.com', tenantId: 'tid-1', clientId: 'client-1', scope: 'api://tab.contoso.test/client-1/access_as_user' };

  it('asks for an authorization code with PKCE for the tab scope, prompting for consent only when Entra wanted it', () => {
    const url = new URL(authorizeUrl(entra, { redirectUri: 'https://tab.contoso.test/tab/auth/end', state: 's1', codeChallenge: 'c1', consent: true, loginHint: 'm@contoso.test' }));
    expect(url.origin + url.pathname).toBe('https://login.microsoftonline.com/tid-1/oauth2/v2.0/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-1',
      response_type: 'code',
      response_mode: 'query',
      redirect_uri: 'https://tab.contoso.test/tab/auth/end',
      scope: 'openid profile api://tab.contoso.test/client-1/access_as_user',
      state: 's1',
      code_challenge: 'c1',
      code_challenge_method: 'S256',
      prompt: 'consent',
      login_hint: 'm@contoso.test',
    });
    expect(new URL(authorizeUrl(entra, { redirectUri: 'r', state: 's', codeChallenge: 'c', consent: false })).searchParams.has('prompt')).toBe(false);
  });

  it('reads Entra answer at the end page: an error with its description, a foreign state, or success', () => {
    expect(signInOutcome('?error=access_denied&error_description=The+user+declined', 's1')).toEqual({ ok: false, reason: 'access_denied: The user declined' });
    expect(signInOutcome('?code=abc&state=other', 's1')).toEqual({ ok: false, reason: 'state_mismatch: the answer is not for this sign-in.' });
    expect(signInOutcome('?code=abc&state=s1', 's1')).toEqual({ ok: true });
    // Storage refused to the popup: the state could not be kept, the code is never redeemed.
    expect(signInOutcome('?code=abc&state=s1', null)).toEqual({ ok: true });
  });
});
