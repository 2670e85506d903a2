import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_FRAMEWORK_ISSUER, botFrameworkKeys, createBotTokenVerifier } from '../../bot/auth.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connector.ts';
import { installationUpdate, manager, post } from './support/teams.ts';

const BOT_ID = 'bot-app-id';
const KID = 'bf-real-key';
const alice = manager(1);

/** The Bot Framework's signing keys as it publishes them (a JWKS), with a key of our own. */
async function startKeyServer() {
  const real = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(real.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/keys`,
    jwk,
    publicPem: await exportSPKI(real.publicKey),
    sign: (claims: Record<string, unknown>, opts: { key?: 'real' | 'other'; exp?: number } = {}) =>
      new SignJWT({ iss: BOT_FRAMEWORK_ISSUER, aud: BOT_ID, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .setIssuedAt()
        .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 3600)
        .sign(opts.key === 'other' ? other.privateKey : real.privateKey),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('forged Bot Framework tokens are refused before anything is processed', () => {
  let keys: Awaited<ReturnType<typeof startKeyServer>>;
  let connector: ConnectorStandIn;
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    keys = await startKeyServer();
    connector = await startConnectorStandIn();
    const logs = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    t = await startTestApp({
      env: { BOT_ID, BOT_PASSWORD: 'not-a-real-secret', BOT_KEYS_URL: keys.url, LOG_LEVEL: 'info' },
      logDestination: logs,
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await connector?.close();
    await keys?.close();
  });

  const forgeries: Array<[string, () => Promise<string>]> = [
    ['alg=none', async () => `${b64({ alg: 'none', typ: 'JWT', kid: KID })}.${b64({ iss: BOT_FRAMEWORK_ISSUER, aud: BOT_ID, exp: 4102444800 })}.`],
    [
      'HS256 keyed with the public key',
      async () => {
        const { createHmac } = await import('node:crypto');
        const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: KID })}.${b64({ iss: BOT_FRAMEWORK_ISSUER, aud: BOT_ID, exp: 4102444800 })}`;
        return `${head}.${createHmac('sha256', keys.publicPem).update(head).digest('base64url')}`;
      },
    ],
    ['a bad signature under the real key id', () => keys.sign({}, { key: 'other' })],
    ['expired an hour ago', () => keys.sign({}, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['issued for another bot', () => keys.sign({ aud: 'someone-elses-bot' })],
    ['issued for another Bot Connector', () => keys.sign({ serviceurl: 'https://smba.attacker.example/' })],
  ];

  for (const [kind, forge] of forgeries) {
    it(`answers 401 with a short body to a token ${kind}, logs one warning without stack or key, stores and sends nothing`, async () => {
      lines.length = 0;
      const token = await forge();
      const res = await post(t.url, installationUpdate(alice, connector.url), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'The request is not from the Bot Framework.' } });
      expect(await t.app.store.query(`SELECT user_id FROM bot_conversations`)).toEqual([]);
      expect(connector.activities).toEqual([]);

      const warnings = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => ['warn', 'error', 'fatal'].includes(String(l.level)));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ msg: 'bot request refused' });
      const all = lines.join('\n');
      expect(all).not.toContain('"stack"');
      expect(all).not.toContain(token.split('.')[2] || token);
      expect(all).not.toContain(keys.jwk.n!.slice(0, 40));
      expect(all).not.toContain('BEGIN PUBLIC KEY');
    });
  }

  it('answers 401 without any token, the same way', async () => {
    const res = await post(t.url, installationUpdate(alice, connector.url));
    expect(res).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'The request is not from the Bot Framework.' } } });
  });

  it('lets a genuine token through the check (signature, issuer, audience, serviceUrl)', async () => {
    const verifier = createBotTokenVerifier({ botId: BOT_ID, issuer: BOT_FRAMEWORK_ISSUER, clockToleranceSeconds: 300 }, botFrameworkKeys(keys.url));
    const token = await keys.sign({ serviceurl: connector.url });
    expect(await verifier.verify(`Bearer ${token}`)).toEqual({ ok: true, value: { serviceUrl: connector.url } });
  });
});
