import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../connector/app.ts';
import { DEMO_MANAGERS, DEMO_TEAMS } from '../../connector/wfm/embedded/demo.ts';
import { startLocalEmulator, type Emulator } from '../../emulator/index.ts';
import { ensureTabBuilt } from '../../tab/build.ts';
import { launchChromium } from '../support/browser.ts';
import { testConfig } from '../support/env.ts';
import { freePort } from '../support/process.ts';
import { teamsHostPage, type TeamsHostScript } from './support/teamsHost.ts';

/**
 * The built tab inside a Teams web stand-in, in Chromium. The host page lives on Teams' own
 * origin (https://teams.microsoft.com, answered by the browser's request routing: teams-js only
 * talks to https Teams origins without a port, and the tab's frame-ancestors admits only those).
 * The tab is the real connector on 127.0.0.1, reached as https://tab.contoso.test (Teams wants
 * https for tabs and for the sign-in popup), so it is a third-party frame on another site. Its
 * storage is refused, as Chromium does for third-party frames when third-party cookies are
 * blocked. The host answers the teams-js messages over postMessage like Teams does.
 */
const HOST_URL = 'https://teams.microsoft.com/_stand-in/';
const TAB_ORIGIN = 'https://tab.contoso.test';
const TEAM = DEMO_TEAMS[0]!;
const MANAGER = DEMO_MANAGERS.find((m) => m.wfmTeamId === TEAM.wfmTeamId)!;

let emu: Emulator;
let app: App;
let url: string;
let browser: Browser;
let token: string;

beforeAll(async () => {
  await ensureTabBuilt();
  const emulatorPort = await freePort();
  const config = testConfig({ EMULATOR_PORT: String(emulatorPort) });
  emu = await startLocalEmulator({ port: emulatorPort, clientId: config.graph.clientId!, clientSecret: config.graph.clientSecret! });
  app = await buildApp(config, { jobPollingSeconds: 0.5 });
  ({ url } = await app.listen(0, '127.0.0.1'));
  // A token the connector validates exactly like an SSO token: what Teams would hand the tab.
  const res = await fetch(`${url}/api/tab/local/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: MANAGER.userId }) });
  token = ((await res.json()) as { token: string }).token;
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await emu?.close();
});

/**
 * Every frame records whether a local-mode screen was ever on it, however briefly, and has its
 * web storage refused (reading `sessionStorage`/`localStorage` throws, as Chromium's own refusal does).
 */
const INSTRUMENT = () => {
  if (window === window.top) return;
  for (const name of ['sessionStorage', 'localStorage'] as const) {
    Object.defineProperty(window, name, {
      get() {
        throw new DOMException(`Failed to read the '${name}' property from 'Window': Access is denied for this document.`, 'SecurityError');
      },
    });
  }
  const w = window as unknown as { sawLocalMode: boolean };
  w.sawLocalMode = false;
  new MutationObserver(() => {
    if (/Local mode|Sign in \(local mode\)/.test(document.body?.textContent ?? '')) w.sawLocalMode = true;
  }).observe(document, { subtree: true, childList: true, characterData: true });
};

async function openInHost(script: Omit<TeamsHostScript, 'tabUrl'>, viewport = { width: 1100, height: 800 }): Promise<{ context: BrowserContext; page: Page; tab: Frame; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
  await context.addInitScript(INSTRUMENT);
  // The valid-origins list teams-js fetches from Microsoft's CDN: refused, as on a closed network; it falls back to its own copy.
  await context.route('https://res.cdn.office.net/**', (r) => r.abort());
  await context.route(HOST_URL, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: teamsHostPage({ ...script, tabUrl: `${TAB_ORIGIN}/tab/?inTeams=1` }) }));
  // The tab's origin, answered by the connector itself: every request, headers and all.
  await context.route(`${TAB_ORIGIN}/**`, async (r) => {
    const asked = new URL(r.request().url());
    await r.fulfill({ response: await r.fetch({ url: `${url}${asked.pathname}${asked.search}` }) });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(HOST_URL);
  const tab = await frameOf(page);
  return { context, page, tab, errors };
}

async function frameOf(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the host page has no tab frame');
  return frame;
}

const sawLocalMode = (tab: Frame) => tab.evaluate(() => (window as unknown as { sawLocalMode: boolean }).sawLocalMode);
const received = (page: Page) => page.evaluate(() => (window as unknown as { received: string[] }).received);

describe('the tab inside a Teams host on another origin, third-party storage refused', () => {
  it('starts with SSO, shows the team status, follows a theme change, and never shows the local sign-in', async () => {
    const { context, page, tab, errors } = await openInHost({ initializeDelayMs: 0, tokens: [{ token }], theme: 'dark' });
    await tab.getByRole('region', { name: TEAM.name }).waitFor({ timeout: 60_000 });
    expect(await tab.evaluate(() => { try { void sessionStorage; return 'readable'; } catch { return 'refused'; } })).toBe('refused');
    expect(await tab.locator('[data-theme]').first().getAttribute('data-theme')).toBe('dark');
    await page.evaluate(() => (window as unknown as { changeTheme(t: string): void }).changeTheme('contrast'));
    await tab.locator('[data-theme="contrast"]').first().waitFor({ timeout: 10_000 });
    expect(await received(page)).toEqual(expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken', 'appInitialization.success']));
    expect(await sawLocalMode(tab)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('waits for a host that answers initialize late (6 s) instead of falling back to local mode', async () => {
    const { context, tab } = await openInHost({ initializeDelayMs: 6000, tokens: [{ token }] });
    await tab.getByRole('region', { name: TEAM.name }).waitFor({ timeout: 60_000 });
    expect(await sawLocalMode(tab)).toBe(false);
    await context.close();
  }, 120_000);

  it('asks for consent when getAuthToken fails with consent_required, and continues once the popup is done', async () => {
    const { context, page, tab } = await openInHost({ initializeDelayMs: 0, tokens: [{ error: 'consent_required' }, { token }] });
    await tab.getByText('The Shifts connector needs your consent').waitFor({ timeout: 60_000 });
    expect(await tab.getByText('Teams said: consent_required').count()).toBe(1);
    await tab.getByRole('button', { name: 'Sign in / consent' }).click();
    await tab.getByRole('region', { name: TEAM.name }).waitFor({ timeout: 60_000 });
    expect(await received(page)).toContain('authentication.authenticate');
    expect(await sawLocalMode(tab)).toBe(false);
    await context.close();
  }, 120_000);

  it('names another getAuthToken failure and recovers with Try again, at 390 px without horizontal overflow', async () => {
    const { context, tab } = await openInHost({ initializeDelayMs: 0, tokens: [{ error: 'FailedToOpenWindow' }, { token }] }, { width: 390, height: 844 });
    await tab.getByText('Teams could not sign you in').waitFor({ timeout: 60_000 });
    const overflow = () => tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await tab.getByRole('button', { name: 'Try again' }).click();
    await tab.getByRole('region', { name: TEAM.name }).waitFor({ timeout: 60_000 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await sawLocalMode(tab)).toBe(false);
    await context.close();
  }, 120_000);
});
