import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type App } from '../../connector/app.ts';
import { testConfig } from '../support/env.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connector.ts';
import { installationUpdate, manager, post } from './support/teams.ts';

const alice = manager(1);

/** An unsigned token from an issuer the Bot Framework does not use. */
function foreignToken(): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT', kid: 'x' })}.${b64({ iss: 'https://attacker.example', aud: 'bot-app-id', exp: 4102444800 })}.c2ln`;
}

describe('production mode (BOT_ID set) accepts only authenticated Bot Framework traffic', () => {
  let t: TestApp;
  let connector: ConnectorStandIn;
  const logLines: Array<{ msg: string; reason?: string; err?: unknown }> = [];
  beforeAll(async () => {
    connector = await startConnectorStandIn();
    t = await startTestApp({
      env: { BOT_ID: 'bot-app-id', BOT_PASSWORD: 'not-a-real-secret', LOG_LEVEL: 'warn' },
      logDestination: { write: (line: string) => void logLines.push(JSON.parse(line) as (typeof logLines)[number]) },
    });
  });
  afterAll(async () => {
    await t.close();
    await connector.close();
  });

  it('answers 401 without a token and with a token from a foreign issuer, and stores nothing', async () => {
    expect((await post(t.url, installationUpdate(alice, connector.url))).status).toBe(401);
    const forged = await post(t.url, installationUpdate(alice, connector.url), { authorization: `Bearer ${foreignToken()}` });
    expect(forged.status).toBe(401);
    expect(await t.app.store.query(`SELECT user_id FROM bot_conversations`)).toEqual([]);
    expect(connector.activities).toEqual([]);
  });

  it('logs each refusal as one line without a stack, and prints nothing to the console', async () => {
    const consoleError = vi.spyOn(console, 'error');
    try {
      logLines.length = 0;
      const token = foreignToken();
      expect((await post(t.url, installationUpdate(alice, connector.url), { authorization: `Bearer ${token}` })).status).toBe(401);
      expect((await post(t.url, installationUpdate(alice, connector.url))).status).toBe(401);
      expect(consoleError).not.toHaveBeenCalled();
      const refusals = logLines.filter((l) => l.msg === 'bot request refused');
      expect(refusals).toHaveLength(2);
      expect(refusals.every((l) => l.err === undefined && typeof l.reason === 'string')).toBe(true);
      // The token itself is a credential: never in the log.
      expect(JSON.stringify(logLines)).not.toContain(token);
    } finally {
      consoleError.mockRestore();
    }
  });

  it('checks the token before it reads the body: an unauthenticated malformed body is a 401 too', async () => {
    const res = await fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(res.status).toBe(401);
  });
});

describe('local mode (no BOT_ID) runs unauthenticated on loopback only', () => {
  let app: App;
  let port: number;
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

  beforeAll(async () => {
    app = await buildApp(testConfig(), { jobPollingSeconds: 0.5 });
    port = (await app.listen(0, '0.0.0.0')).port;
  });
  afterAll(async () => {
    await app.close();
  });

  it('this machine has a non-loopback address to test from', () => {
    expect(lan).toBeDefined();
  });

  it('refuses activities that arrive from another machine', async () => {
    const res = await fetch(`http://${lan!}:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(installationUpdate(alice, 'http://127.0.0.1:9/')),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('rejects a body that is not an activity with a clear error', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'The activity is not valid JSON.' } });
  });

  it('accepts an unauthenticated activity on loopback, as the Bot Framework emulator flow does', async () => {
    const connector = await startConnectorStandIn();
    try {
      const res = await post(`http://127.0.0.1:${port}`, installationUpdate(alice, connector.url));
      expect(res.status).toBe(200);
      await connector.waitFor((all) => all.length === 1);
      expect(connector.activities[0]!.authorization).toBeUndefined();
    } finally {
      await connector.close();
    }
  });
});
