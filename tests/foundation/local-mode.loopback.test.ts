import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../connector/app.ts';
import { DEMO_TEAMS } from '../../connector/wfm/embedded/demo.ts';
import { startLocalEmulator, type Emulator } from '../../emulator/index.ts';
import { testConfig } from '../support/env.ts';

/** This machine's own non-loopback address: connections to it arrive from "another address". */
const lan = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

const manager = DEMO_TEAMS[0]!.ownerUserId;
const teamId = DEMO_TEAMS[0]!.wfmTeamId;

/** The error code of an answer, or the network failure when nothing answered. */
async function reach(url: string, init: RequestInit = {}): Promise<string> {
  try {
    const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
    return res.ok ? `ok ${res.status}` : `${res.status} ${((await res.json()) as { error: { code: string } }).error.code}`;
  } catch (err) {
    return `unreachable ${((err as Error).cause as NodeJS.ErrnoException | undefined)?.code ?? ''}`;
  }
}

const signIn = { method: 'POST', body: JSON.stringify({ userId: manager }) };
const resetRules = { method: 'PUT', body: JSON.stringify({}) };

describe('local mode is closed to other machines', () => {
  let emulator: Emulator;
  let defaults: App;
  let wide: App;
  let defaultPort: number;
  let widePort: number;

  beforeAll(async () => {
    expect(lan, 'this machine needs a non-loopback IPv4 address to test from').toBeDefined();
    // As connector/main.ts starts it in local mode.
    emulator = await startLocalEmulator({ port: 0, clientId: 'local-connector', clientSecret: 'placeholder' });
    const emu = { GRAPH_BASE_URL: emulator.url, AUTHORITY_HOST: emulator.url };
    defaults = await buildApp(testConfig(emu), { jobPollingSeconds: 0.5 });
    defaultPort = (await defaults.listen(0)).port;
    wide = await buildApp(testConfig({ ...emu, HOST: '0.0.0.0', LOCAL_MODE_ALLOW_REMOTE: 'true' }), { jobPollingSeconds: 0.5 });
    widePort = (await wide.listen(0)).port;
  }, 60_000);
  afterAll(async () => {
    await defaults?.close();
    await wide?.close();
    await emulator?.close();
  });

  it('listens on 127.0.0.1 by default: nothing answers on the network address', async () => {
    expect(defaults.config.server.host).toBe('127.0.0.1');
    expect(await reach(`http://${lan!}:${defaultPort}/healthz`)).toBe('unreachable ECONNREFUSED');
    expect(await reach(`http://127.0.0.1:${defaultPort}/healthz`)).toBe('ok 200');
  });

  it('never lets another address mint a manager token, even when the operator opted in to listening wider', async () => {
    expect(await reach(`http://${lan!}:${widePort}/api/tab/local/sign-in`, signIn)).toBe('403 forbidden');
    expect(await reach(`http://127.0.0.1:${widePort}/api/tab/local/sign-in`, signIn)).toBe('ok 200');
  });

  it("never lets another address use the open WFM admin API, and a team's rules stay as they were", async () => {
    const rulesUrl = `/wfm-admin/teams/${teamId}/rules`;
    const before = await (await fetch(`http://127.0.0.1:${widePort}/wfm-admin/teams`)).text();
    expect(await reach(`http://${lan!}:${widePort}${rulesUrl}`, resetRules)).toBe('403 forbidden');
    expect(await reach(`http://${lan!}:${widePort}/wfm-admin/teams`)).toBe('403 forbidden');
    expect(await (await fetch(`http://127.0.0.1:${widePort}/wfm-admin/teams`)).text()).toBe(before);
  });

  it('keeps the Shifts emulator (Graph, Entra, the people picker) on loopback', async () => {
    const port = new URL(emulator.url).port;
    expect(new URL(emulator.url).hostname).toBe('127.0.0.1');
    expect(await reach(`http://${lan!}:${port}/_emulator/`)).toBe('unreachable ECONNREFUSED');
  });
});
