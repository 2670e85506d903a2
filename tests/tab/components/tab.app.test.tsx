// @vitest-environment jsdom
import '../support/dom.ts';
import { teamsDarkTheme, teamsHighContrastTheme } from '@fluentui/react-components';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../tab/web/api/client.ts';
import { App } from '../../../tab/web/components/App/App.tsx';
import { localHost, localSession, type TabHost, type ThemeName } from '../../../tab/web/host/index.ts';
import { fixtures } from '../support/fixtures.ts';
import { startTabServer, type TabServer } from '../support/server.ts';

let s: TabServer;
beforeAll(async () => {
  s = await startTabServer({ ...fixtures(), localSignIn: true });
});
afterEach(() => {
  cleanup();
  sessionStorage.clear();
});
afterAll(async () => {
  await s?.close();
});

function renderLocalApp(search = '') {
  const session = localSession(sessionStorage);
  const host = localHost(session, search);
  const api = createApiClient({ baseUrl: s.url, getToken: () => host.getToken() });
  return render(<App host={host} api={api} session={session} initialView="status" />);
}

/** Styles the provider injected, where Fluent writes the theme's tokens. */
const injectedCss = () =>
  [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText)).join('\n');

describe('Tab app shell', () => {
  it('in local mode asks whom to sign in as, signs in through the emulator issuer and shows the banner', async () => {
    const user = userEvent.setup();
    renderLocalApp();
    expect(screen.getByText('Local mode')).toBeTruthy();
    const picker = await screen.findByLabelText('Manager');
    const names = within(picker).getAllByRole('option').map((o) => o.textContent);
    // Managers of every mapped team, named from the user mappings when known.
    expect(names).toEqual(expect.arrayContaining(['Test Manager', 'manager-2']));
    await user.selectOptions(picker, 'manager-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('region', { name: 'Contoso Bakery' })).toBeTruthy();
    expect(screen.getByText(/Running outside Teams against the local emulator, signed in as Test Manager/)).toBeTruthy();
    expect(sessionStorage.length).toBe(1);

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(sessionStorage.length).toBe(0);
  });

  // Arrow-key movement inside the tab list needs real layout (tabster); the end-to-end test
  // checks it in Chromium. Here: every view is a focusable, labelled tab that Enter opens.
  it('opens each view from the keyboard and labels the main region after it', async () => {
    const user = userEvent.setup();
    const session = localSession(sessionStorage);
    session.set(await s.issuer.token({ oid: 'manager-1' }), new Date(Date.now() + 3600_000).toISOString());
    renderLocalApp();
    await screen.findByRole('region', { name: 'Contoso Bakery' });
    const tabs = screen.getByRole('tablist', { name: 'Views' });
    within(tabs).getByRole('tab', { name: 'Failed entities' }).focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('table', { name: 'Failed entities' })).toBeTruthy();
    expect(screen.getByRole('main').getAttribute('aria-label')).toBe('Failed entities');
    expect(location.pathname).toBe('/tab/failures');
    within(tabs).getByRole('tab', { name: 'Time-off reasons' }).focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByText('Pick a team member')).toBeTruthy();
    expect(location.pathname).toBe('/tab/time-off-reasons');
  });

  it('asks to sign in again in local mode when the server refuses the kept token', async () => {
    const user = userEvent.setup();
    const session = localSession(sessionStorage);
    session.set(await s.issuer.token({ oid: 'manager-1' }, { foreignKey: true }), new Date(Date.now() + 3600_000).toISOString());
    renderLocalApp();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your sign-in has ended');
    expect(alert.textContent).toContain('The token signature is not valid.');
    await user.click(within(alert).getByRole('button', { name: 'Sign in again' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(sessionStorage.length).toBe(0);
  });

  it('follows the Teams theme, including a change while open', async () => {
    let notify: (t: ThemeName) => void = () => undefined;
    const host: TabHost = {
      kind: 'teams',
      theme: 'dark',
      onThemeChange: (l) => {
        notify = l;
      },
      getToken: () => s.issuer.token({ oid: 'manager-1' }),
    };
    const api = createApiClient({ baseUrl: s.url, getToken: () => host.getToken() });
    const { container } = render(<App host={host} api={api} initialView="status" />);
    expect(screen.queryByText('Local mode')).toBeNull();
    await screen.findByRole('region', { name: 'Contoso Bakery' });
    expect(injectedCss()).toContain(`--colorNeutralBackground1: ${teamsDarkTheme.colorNeutralBackground1}`);
    act(() => notify('contrast'));
    await waitFor(() => expect(container.querySelector('[data-theme="contrast"]')).toBeTruthy());
    expect(injectedCss()).toContain(`--colorNeutralBackground1: ${teamsHighContrastTheme.colorNeutralBackground1}`);
  });

  it('takes the theme from ?theme= outside Teams', () => {
    expect(localHost(localSession(sessionStorage), '?theme=contrast').theme).toBe('contrast');
    expect(localHost(localSession(sessionStorage), '?theme=dark').theme).toBe('dark');
    expect(localHost(localSession(sessionStorage), '?theme=neon').theme).toBe('default');
  });
});
