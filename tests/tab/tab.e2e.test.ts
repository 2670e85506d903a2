import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../connector/app.ts';
import { deleteUserMapping, getUserMapping, upsertUserMapping, type UserMapping } from '../../connector/mappings/index.ts';
import { DEMO_EMPLOYEES, DEMO_MANAGERS, DEMO_TEAMS } from '../../connector/wfm/embedded/demo.ts';
import { registerLocalIntegration, startLocalEmulator, type Emulator } from '../../emulator/index.ts';
import { ensureTabBuilt } from '../../tab/build.ts';
import { testConfig } from '../support/env.ts';
import { launchChromium } from '../support/browser.ts';
import { freePort, ROOT } from '../support/process.ts';

/**
 * The tab end to end, as a developer runs it: the app in local mode with the Shifts emulator
 * (its Entra issuer signs the tab's tokens), the built single-page app, and a headless Chromium.
 */
/**
 * Pictures of each step go to the ignored test-results/ folder, so a test run leaves the tree as
 * it found it; `npm run screenshots` points this at docs/screenshots/tab to refresh the docs.
 */
const SHOTS = process.env.TAB_SCREENSHOTS_DIR ? resolve(ROOT, process.env.TAB_SCREENSHOTS_DIR) : join(ROOT, 'test-results', 'screenshots', 'tab');
const TEAM = DEMO_TEAMS[0]!;
const MANAGER = DEMO_MANAGERS.find((m) => m.wfmTeamId === TEAM.wfmTeamId)!;
/** A scheduled worker whose Entra link we break to make their shifts fail to sync. */
const WORKER = DEMO_EMPLOYEES.find((e) => e.wfmTeamId === TEAM.wfmTeamId && e.pattern.length > 0)!;
/** The newest hire of the team: tenure rules keep some time-off reasons from them. */
const NEW_HIRE = [...DEMO_EMPLOYEES].filter((e) => e.wfmTeamId === TEAM.wfmTeamId).sort((a, b) => a.tenureDays - b.tenureDays)[0]!;

let emu: Emulator;
let app: App;
let url: string;
let browser: Browser;
let page: Page;
let workerLink: UserMapping;

beforeAll(async () => {
  await ensureTabBuilt();
  mkdirSync(SHOTS, { recursive: true });
  const emulatorPort = await freePort();
  const config = testConfig({ EMULATOR_PORT: String(emulatorPort) });
  emu = await startLocalEmulator({ port: emulatorPort, clientId: config.graph.clientId!, clientSecret: config.graph.clientSecret! });
  app = await buildApp(config, { jobPollingSeconds: 0.5 });
  ({ url } = await app.listen(0, '127.0.0.1'));
  await registerLocalIntegration(emu, { url: `${url}/wfi`, secret: config.wfi.secrets[0]!, id: config.wfi.id });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1200, height: 860 }, locale: 'en-GB', timezoneId: 'UTC' });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await emu?.close();
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe('manager tab end to end (local mode, Chromium)', () => {
  it('signs in outside Teams against the local issuer and shows the team’s sync status', async () => {
    const link = await getUserMapping(app.store, WORKER.userId);
    expect(link).toBeDefined();
    workerLink = link!;
    // The failure to find later: the worker's Entra link is gone, so their shifts cannot sync.
    expect(await deleteUserMapping(app.store, WORKER.userId)).toBe(true);

    await page.goto(`${url}/tab/`);
    await page.getByText('Local mode', { exact: true }).waitFor();
    // Managers are listed by the names the local directory (the emulator) knows them by.
    await page.getByRole('combobox', { name: 'Manager', exact: true }).selectOption({ label: MANAGER.displayName });
    await shot('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const card = page.getByRole('region', { name: TEAM.name });
    await card.waitFor();
    await expect(page.getByText(`signed in as ${MANAGER.displayName}`, { exact: false }).count()).resolves.toBe(1);
    await expect(page.getByRole('region').count()).resolves.toBe(1);

    await page.getByRole('button', { name: `Sync ${TEAM.name} now` }).click();
    const result = card.getByText(/^Sync (finished|failed)/);
    await result.waitFor({ timeout: 180_000 });
    // The worker's shifts failed in the first run after start-up or in this one: either way the
    // card now counts them as open failures and the team is not healthy.
    expect(await result.textContent()).toMatch(/^Sync finished/);
    await page.reload();
    const openFailures = card.locator('dt:text-is("Open failures") + dd');
    await openFailures.waitFor();
    expect(Number(await openFailures.textContent())).toBeGreaterThan(0);
    await expect(card.getByLabel(/^Health: /).textContent()).resolves.not.toBe('Healthy');
    await expect(card.getByText(/entit(y does|ies do) not sync/).count()).resolves.toBe(1);
    await shot('status');
  }, 240_000);

  it('finds the failed entity from the keyboard, shows its history, retries it and sees it resolved', async () => {
    await page.getByRole('tab', { name: 'Sync status' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const table = page.getByRole('table', { name: 'Failed entities' });
    await table.waitFor();
    expect(new URL(page.url()).pathname).toBe('/tab/failures');

    await page.getByRole('combobox', { name: 'Error', exact: true }).selectOption('UNMAPPED_EMPLOYEE');
    const rows = table.getByRole('row').filter({ hasText: 'UNMAPPED_EMPLOYEE' });
    await rows.first().waitFor();
    const failing = await rows.count();
    expect(failing).toBeGreaterThan(0);
    await expect(rows.first().textContent()).resolves.toContain(`employee ${WORKER.wfmEmployeeId} has no Entra user mapping`);
    await shot('failures');

    await rows.first().getByRole('button', { name: /^Details of / }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('table', { name: 'Error history' }).waitFor();
    expect(await dialog.getByRole('row').count()).toBeGreaterThan(1);
    await shot('failure-details');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The admin links the worker again; a retry now gets their shift into Shifts.
    const restored = await upsertUserMapping(app.store, workerLink);
    expect(restored.ok).toBe(true);
    const first = rows.first();
    const failureId = await first.getAttribute('data-failure-id');
    await first.getByRole('button', { name: /^Retry / }).click();
    const row = table.locator(`tr[data-failure-id="${failureId}"]`);
    await row.getByText('Resolved').waitFor({ timeout: 120_000 });
    await page.getByText(/is in sync again\.$/).waitFor();
    await shot('retried');

    if (failing > 1) {
      await page.getByRole('button', { name: /^Retry all/ }).click();
      await page.getByText(/^Retried all: \d+ resolved, 0 still failing\.$/).waitFor({ timeout: 120_000 });
    }
    const open = await page.evaluate(async (t) => {
      const token = JSON.parse(sessionStorage.getItem('shifts-connector.tab.localToken') ?? '{}') as { token?: string };
      const res = await fetch(`/api/tab/failures?teamId=${t}&errorCode=UNMAPPED_EMPLOYEE`, { headers: { authorization: `Bearer ${token.token}` } });
      return ((await res.json()) as { failures: unknown[] }).failures.length;
    }, TEAM.teamsTeamId);
    expect(open).toBe(0);
  }, 240_000);

  it('looks up which time-off reasons a worker may use, and why not the others', async () => {
    await page.getByRole('tab', { name: 'Time-off reasons' }).click();
    await page.getByRole('combobox', { name: 'Team member', exact: true }).selectOption({ label: NEW_HIRE.displayName });
    const mayUse = page.getByRole('list', { name: new RegExp(`^${NEW_HIRE.displayName} may use`) });
    await mayUse.waitFor();
    expect(await mayUse.getByRole('listitem').count()).toBeGreaterThan(0);
    const notAvailable = page.getByRole('list', { name: /^Not available/ });
    if ((await notAvailable.count()) > 0) {
      await expect(notAvailable.getByRole('listitem').first().textContent()).resolves.toMatch(/[A-Z_]{4,}/);
    }
    await shot('time-off-reasons');
  }, 120_000);

  it('shows a Shifts change the WFM rejected, with the rule and message', async () => {
    // The manager books the worker twice at the same time in Shifts; the WFM refuses it.
    const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as {
      teams: Array<{ id: string; schedule?: { shifts: Array<{ user: string; start: string; end: string }> } }>;
    };
    const existing = state.teams
      .find((t) => t.id === TEAM.teamsTeamId)
      ?.schedule?.shifts.find((x) => x.user === WORKER.displayName && Date.parse(x.start) > Date.now());
    expect(existing).toBeDefined();
    const res = await fetch(`${emu.url}/_emulator/act/teams/${TEAM.teamsTeamId}/shifts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: MANAGER.userId, userId: WORKER.userId, startDateTime: existing!.start, endDateTime: existing!.end }),
    });
    expect(res.status).toBe(400);
    const refusal = ((await res.json()) as { error: { message: string } }).error.message;

    await page.getByRole('tab', { name: 'Rejected changes' }).click();
    const table = page.getByRole('table', { name: 'Rejected changes' });
    await table.waitFor();
    const row = table.getByRole('row').nth(1);
    await expect(row.textContent()).resolves.toContain(refusal);
    await expect(row.textContent()).resolves.toContain('create shift');
    await expect(row.textContent()).resolves.toContain(MANAGER.displayName);
    await expect(row.textContent()).resolves.toMatch(/[A-Z_]{5,}/);
    await shot('rejected-changes');
  }, 120_000);

  it('follows the dark and high-contrast themes', async () => {
    for (const theme of ['dark', 'contrast'] as const) {
      await page.goto(`${url}/tab/?theme=${theme}`);
      await page.getByRole('region', { name: TEAM.name }).waitFor();
      await expect(page.locator(`[data-theme="${theme}"]`).count()).resolves.toBe(1);
      await shot(`status-${theme}`);
    }
  }, 120_000);

  it('refuses the API without a token and for another manager’s team', async () => {
    const anonymous = await fetch(`${url}/api/tab/status`);
    expect(anonymous.status).toBe(401);
    const token = await page.evaluate(
      () => (JSON.parse(sessionStorage.getItem('shifts-connector.tab.localToken') ?? '{}') as { token: string }).token,
    );
    const other = DEMO_TEAMS.find((t) => t.teamsTeamId !== TEAM.teamsTeamId)!;
    const res = await fetch(`${url}/api/tab/teams/${other.teamsTeamId}/sync`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
  });
});
