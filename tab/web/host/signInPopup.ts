import { app, authentication } from '@microsoft/teams-js';
import { sessionResponseSchema } from '../../api/contracts/session.ts';
import { sessionStorageOrMemory } from './local.ts';
import { authorizeUrl, SIGN_IN_END_PATH, signInOutcome } from './sso.ts';

const STATE_KEY = 'shifts-connector.tab.signInState';

function randomToken(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The sign-in start page, opened by `authentication.authenticate` in a Teams popup: reads the
 * app registration from the server and sends the popup on to Entra. `?consent=1` asks Entra to
 * show the consent prompt; `?loginHint=` preselects the Teams user.
 */
export async function startSignIn(): Promise<void> {
  const res = await fetch('/api/tab/session', { headers: { accept: 'application/json' } });
  const session = sessionResponseSchema.parse(await res.json());
  if (!session.entra) throw new Error('This connector has no Entra client id configured, so it cannot ask for consent.');
  const q = new URLSearchParams(location.search);
  const state = randomToken(16);
  sessionStorageOrMemory().setItem(STATE_KEY, state);
  const loginHint = q.get('loginHint') ?? undefined;
  location.assign(
    authorizeUrl(session.entra, {
      redirectUri: new URL(SIGN_IN_END_PATH, location.origin).href,
      state,
      codeChallenge: await s256(randomToken(32)),
      consent: q.get('consent') === '1',
      ...(loginHint ? { loginHint } : {}),
    }),
  );
}

/** The sign-in end page: tells Teams how Entra answered; Teams closes the popup. */
export async function finishSignIn(): Promise<void> {
  await app.initialize();
  const storage = sessionStorageOrMemory();
  const outcome = signInOutcome(location.search, storage.getItem(STATE_KEY));
  storage.removeItem(STATE_KEY);
  if (outcome.ok) authentication.notifySuccess();
  else authentication.notifyFailure(outcome.reason);
}
