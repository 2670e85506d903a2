import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client.ts';
import { App } from './components/App/App.tsx';
import { connectToTeams, expectedHost, localHost, localSession, TEAMS_INIT_TIMEOUT_MS, TEAMS_KNOWN_INIT_TIMEOUT_MS } from './host/index.ts';
import { finishSignIn, startSignIn } from './host/signInPopup.ts';
import { SIGN_IN_END_PATH, SIGN_IN_START_PATH } from './host/sso.ts';

/**
 * Entry point: find out whether Teams hosts us before anything else (no storage is touched
 * before that: Teams web may refuse it to our frame), then render the app with the matching
 * way to get tokens. Opened as Teams' tab (`?inTeams=1`), it never falls back to the local
 * sign-in: if Teams does not answer, it says so and offers to try again.
 */
async function boot(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  // The consent popup's two pages: they only pass the user on to Entra and back to Teams.
  if (location.pathname === SIGN_IN_START_PATH) return startSignIn();
  if (location.pathname === SIGN_IN_END_PATH) return finishSignIn();
  const expected = expectedHost(location.search, window.parent !== window);
  const teams = await connectToTeams(expected === 'teams' ? TEAMS_KNOWN_INIT_TIMEOUT_MS : TEAMS_INIT_TIMEOUT_MS);
  if (!teams && expected === 'teams') {
    showTeamsUnreachable(container);
    return;
  }
  const session = teams ? undefined : localSession();
  const host = teams ?? localHost(session!);
  document.documentElement.dataset.host = host.kind;
  const api = createApiClient({ getToken: () => host.getToken() });
  createRoot(container).render(<App host={host} api={api} {...(session ? { session } : {})} />);
}

/** Plain DOM on purpose: nothing of the app (or its storage) runs when Teams never answered. */
function showTeamsUnreachable(container: HTMLElement): void {
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = 'Teams did not answer while the tab was starting. Check your connection, then try again.';
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.textContent = 'Try again';
  retry.addEventListener('click', () => location.reload());
  container.replaceChildren(message, retry);
  retry.focus();
}

boot().catch((e: unknown) => {
  document.body.textContent = `The tab could not start: ${e instanceof Error ? e.message : String(e)}`;
});
