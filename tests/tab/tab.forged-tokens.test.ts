import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { exportSPKI, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MANAGERS, DEMO_TENANT_ID } from '../../connector/wfm/embedded/demo.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startTestIssuer, type TestIssuer } from './support/issuer.ts';
import { AUDIENCE } from './support/server.ts';

const MORGAN = DEMO_MANAGERS[0]!;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('tab API refuses forged tokens with a short 401 and one warning line', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  let jwk: JWK;
  let publicPem: string;
  const lines: string[] = [];

  beforeAll(async () => {
    issuer = await startTestIssuer(AUDIENCE, DEMO_TENANT_ID);
    const jwks = (await (await fetch(`${issuer.authorityHost}/${DEMO_TENANT_ID}/discovery/v2.0/keys`)).json()) as { keys: JWK[] };
    jwk = jwks.keys[0]!;
    publicPem = await exportSPKI((await importJWK(jwk, 'RS256')) as CryptoKey);
    const logs = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    t = await startTestApp({ env: { AUTHORITY_HOST: issuer.authorityHost, LOG_LEVEL: 'info' }, logDestination: logs });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const claims = () => ({
    iss: `${issuer.authorityHost}/${DEMO_TENANT_ID}/v2.0`,
    aud: AUDIENCE,
    tid: DEMO_TENANT_ID,
    oid: MORGAN.userId,
    scp: 'access_as_user',
    exp: Math.floor(Date.now() / 1000) + 3600,
  });
  const forgeries: Array<[string, () => Promise<string>]> = [
    ['alg=none', async () => `${b64({ alg: 'none', typ: 'JWT', kid: jwk.kid })}.${b64(claims())}.`],
    [
      'HS256 keyed with the public key',
      async () => {
        const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: jwk.kid })}.${b64(claims())}`;
        return `${head}.${createHmac('sha256', publicPem).update(head).digest('base64url')}`;
      },
    ],
    ['a bad signature under the real key id', () => issuer.token({ oid: MORGAN.userId }, { foreignKey: true })],
    ['expired an hour ago', () => issuer.token({ oid: MORGAN.userId }, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })],
  ];

  for (const [kind, forge] of forgeries) {
    it(`answers 401 to a token ${kind}, logging one warning without stack, token or key`, async () => {
      lines.length = 0;
      const token = await forge();
      const res = await fetch(`${t.url}/api/tab/status`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text.length).toBeLessThan(200);
      expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('unauthorized');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');

      const warnings = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => ['warn', 'error', 'fatal'].includes(String(l.level)));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ msg: 'tab request without a valid token' });
      const all = lines.join('\n');
      expect(all).not.toContain('"stack"');
      expect(all).not.toContain(token.split('.')[1]!);
      expect(all).not.toContain(jwk.n!.slice(0, 40));
    });
  }

  it('still accepts the genuine token, so the refusals above are about the forgeries', async () => {
    const res = await fetch(`${t.url}/api/tab/me`, { headers: { authorization: `Bearer ${await issuer.token({ oid: MORGAN.userId })}` } });
    expect(res.status).toBe(200);
  });
});
