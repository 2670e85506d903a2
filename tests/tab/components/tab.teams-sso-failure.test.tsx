// @vitest-environment jsdom
import '../support/dom.ts';
import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixtures } from '../support/fixtures.ts';
import { startTabServer, type TabServer } from '../support/server.ts';

/**
 * Teams SSO failing, then recovering. Teams cannot run here, so `@microsoft/teams-js` is a host
 * whose `getAuthToken` answers from a list the test fills (an error string, as Teams sends
 * them, or a token) and whose `authenticate` popup resolves or rejects as told. Behind it the
 * real tab API validates the token that finally arrives.
 */
const teams = vi.hoisted(() => ({
  answers: [] as Array<{ token: string } | { error: string }>,
  tokenCalls: 0,
  popup: [] as Array<{ url: string; width?: number; height?: number }>,
  popupAnswer: undefined as undefined | { error: string },
}));

vi.mock('@microsoft/teams-js', () => ({
  app: {
    initialize: () => Promise.resolve(),
    getContext: () => Promise.resolve({ app: { theme: 'default' }, user: { loginHint: 'manager@contoso.test' } }),
    notifySuccess: () => Promise.resolve(),
    registerOnThemeChangeHandler: () => undefined,
  },
  authentication: {
    getAuthToken: () => {
      teams.tokenCalls++;
      // Answers in order; the last one stands (Teams keeps handing out a token it has).
      const next = (teams.answers.length > 1 ? teams.answers.shift() : teams.answers[0]) ?? { error: 'no answer queued' };
      return 'token' in next ? Promise.resolve(next.token) : Promise.reject(new Error(next.error));
    },
    authenticate: (p: { url: string; width?: number; height?: number }) => {
      teams.popup.push(p);
      return teams.popupAnswer ? Promise.reject(new Error(teams.popupAnswer.error)) : Promise.resolve('');
    },
  },
}));

const { connectToTeams } = await import('../../../tab/web/host/teams.ts');
const { createApiClient } = await import('../../../tab/web/api/client.ts');
const { App } = await import('../../../tab/web/components/App/App.tsx');

let s: TabServer;
beforeAll(async () => {
  s = await startTabServer({ ...fixtures(), localSignIn: true });
});
beforeEach(() => {
  teams.answers = [];
  teams.tokenCalls = 0;
  teams.popup = [];
  teams.popupAnswer = undefined;
});
afterEach(() => cleanup());
afterAll(async () => {
  await s?.close();
});

async function renderInTeams() {
  const host = (await connectToTeams(1000))!;
  const api = createApiClient({ baseUrl: s.url, getToken: () => host.getToken() });
  return render(<App host={host} api={api} initialView="status" />);
}

const managerToken = () => s.issuer.token({ oid: 'manager-1' });

/** Inside Teams the local-mode screens must never appear, whatever fails. */
function expectNoLocalSignIn() {
  expect(screen.queryByText('Local mode')).toBeNull();
  expect(screen.queryByText('Sign in (local mode)')).toBeNull();
}

describe('Teams SSO failures', () => {
  it('asks for consent when Entra wants it, opens the Entra popup from the start page, then continues without a reload', async () => {
    const user = userEvent.setup();
    teams.answers.push({ error: 'consent_required' }, { token: await managerToken() });
    await renderInTeams();
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The Shifts connector needs your consent')).toBeTruthy();
    expect(alert.textContent).toContain('Teams said: consent_required');
    expectNoLocalSignIn();

    await user.click(screen.getByRole('button', { name: 'Sign in / consent' }));
    expect(await screen.findByRole('region', { name: 'Contoso Bakery' })).toBeTruthy();
    expect(teams.popup).toHaveLength(1);
    expect(teams.tokenCalls).toBeGreaterThanOrEqual(2);
    const popup = new URL(teams.popup[0]!.url);
    expect(popup.pathname).toBe('/tab/auth/start');
    expect(popup.searchParams.get('consent')).toBe('1');
    expect(popup.searchParams.get('loginHint')).toBe('manager@contoso.test');
    expectNoLocalSignIn();
  });

  it('asks to sign in again on interaction_required and says so when the popup is closed, keeping both ways out', async () => {
    const user = userEvent.setup();
    teams.answers.push({ error: 'interaction_required: AADSTS50076 MFA required' });
    teams.popupAnswer = { error: 'CancelledByUser' };
    await renderInTeams();
    expect(await screen.findByText('Sign in again to continue')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Sign in / consent' }));
    expect(await screen.findByText('The sign-in window did not finish: CancelledByUser')).toBeTruthy();
    expect(new URL(teams.popup[0]!.url).searchParams.get('consent')).toBeNull();

    teams.answers = [{ token: await managerToken() }];
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: 'Contoso Bakery' })).toBeTruthy();
    expectNoLocalSignIn();
  });

  it('names any other failure with Teams own words, and Try again asks Teams again until it answers', async () => {
    const user = userEvent.setup();
    teams.answers.push({ error: 'FailedToOpenWindow' });
    await renderInTeams();
    expect(await screen.findByText('Teams could not sign you in')).toBeTruthy();
    expect(screen.getByText(/Teams said: FailedToOpenWindow/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Teams could not sign you in')).toBeTruthy();
    expect(teams.tokenCalls).toBe(2);

    teams.answers = [{ token: await managerToken() }];
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: 'Contoso Bakery' })).toBeTruthy();
    expect(screen.queryByText(/Sign in first/)).toBeNull();
    expect(teams.popup).toHaveLength(0);
    expectNoLocalSignIn();
  });
});
