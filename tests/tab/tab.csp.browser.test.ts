import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../connector/app.ts';
import { DEMO_MANAGERS } from '../../connector/wfm/embedded/demo.ts';
import { startLocalEmulator, type Emulator } from '../../emulator/index.ts';
import { ensureTabBuilt } from '../../tab/build.ts';
import { launchChromium } from '../support/browser.ts';
import { testConfig } from '../support/env.ts';
import { freePort } from '../support/process.ts';

/** The built tab under its own Content-Security-Policy in Chromium: it must start and sign in without one violation. */
describe('the tab runs under its full Content-Security-Policy', () => {
  let emu: Emulator;
  let app: App;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    await ensureTabBuilt();
    const emulatorPort = await freePort();
    const config = testConfig({ EMULATOR_PORT: String(emulatorPort) });
    emu = await startLocalEmulator({ port: emulatorPort, clientId: config.graph.clientId!, clientSecret: config.graph.clientSecret! });
    app = await buildApp(config, { jobPollingSeconds: 0.5 });
    ({ url } = await app.listen(0));
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await emu?.close();
  });

  it('starts, signs in locally and shows the status view with no CSP violation and no script error', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(`${url}/tab/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByText('Local mode', { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('combobox', { name: 'Manager', exact: true }).selectOption({ label: DEMO_MANAGERS[0]!.displayName });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('region').first().waitFor({ timeout: 60_000 });
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});
