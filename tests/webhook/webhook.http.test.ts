import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptWfiPayload, encryptWfiPayload } from '../../connector/crypto/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { postRaw, postWfi, updatePath, WEBHOOK_ENV } from './support.ts';
import { vectorBody, wfiVectors } from './vectors.ts';

const TENANT = '8a1c2e40-5b7d-4f0e-9c3a-1d2e3f405161';
const previousSecret = 'p'.repeat(64);
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { ...WEBHOOK_ENV, WFI_SECRET_PREVIOUS: previousSecret, TENANT_ID: TENANT } });
});
afterAll(async () => t?.close());

async function unauthorizedCount(): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('wfi_webhook_unauthorized_total{'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

describe('webhook HTTP front', () => {
  it('answers bodies that do not authenticate with a counted 401 JSON error', async () => {
    const tampered = vectorBody('update-shift');
    tampered[tampered.length - 5]! ^= 0x40;
    const bodies = [
      Buffer.alloc(0),
      Buffer.from('{"requests":[]}'),
      tampered,
      encryptWfiPayload('{"requests":[]}', 'w'.repeat(64)),
      encryptWfiPayload('{"requests":[]}', wfiVectors.secret, { keyId: 2 }),
      vectorBody('update-shift').subarray(0, 100),
    ];
    const before = await unauthorizedCount();
    for (const body of bodies) {
      const res = await postRaw(t.url, updatePath(), body);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    expect(await unauthorizedCount()).toBe(before + bodies.length);
  });

  it('accepts bodies encrypted with the previous secret during rotation', async () => {
    const res = await postWfi(t.url, '/wfi/v1/connect', { tenantId: TENANT, userId: 'u' }, { secret: previousSecret });
    expect(res.status).toBe(200);
  });

  it('accepts /connect from our tenant only', async () => {
    expect((await postWfi(t.url, '/wfi/v1/connect', { tenantId: TENANT.toUpperCase(), userId: 'u' })).status).toBe(200);
    const other = await postWfi(t.url, '/wfi/v1/connect', { tenantId: '11111111-2222-3333-4444-555555555555', userId: 'u' });
    expect(other.status).toBe(403);
    expect(other.json.error?.code).toBe('forbidden');
    // The golden connect vector names another tenant.
    expect((await postRaw(t.url, '/wfi/v1/connect', vectorBody('connect'))).status).toBe(403);
  });

  it('answers another API version with 404', async () => {
    const res = await postRaw(t.url, '/wfi/v2/connect', vectorBody('connect'));
    expect(res.status).toBe(404);
    expect((await postRaw(t.url, '/wfi/v2/teams/x/update', vectorBody('update-shift'))).status).toBe(404);
  });

  it('answers 413 to a body declared over 1 MiB without reading it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${t.url}${updatePath()}`, { method: 'POST', headers: { 'content-length': String(64 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      // Only the first megabyte and a bit is ever sent; the server must answer anyway.
      req.write(Buffer.alloc(1024 * 1024 + 10));
    });
    expect(status).toBe(413);
  });

  it('answers 413 to a chunked body that grows over 1 MiB', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${t.url}${updatePath()}`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write(Buffer.alloc(64 * 1024));
    });
    expect(status).toBe(413);
  });

  it('answers random and mutated bodies with 401 (never 5xx), and only authentic ones with 200', async () => {
    const seeds = [vectorBody('connect'), vectorBody('update-shift')];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      let body: Buffer;
      if (i % 3 === 0) body = randomBytes(i % 300);
      else {
        body = Buffer.from(seeds[i % 2]!);
        for (let k = 0; k < 1 + (i % 4); k++) body[(i * 7919 + k * 104729) % body.length]! ^= 1 + (i % 255);
      }
      // A mutation Bond ignores (e.g. in a stop byte's unused id bits) leaves the body authentic.
      const authentic = decryptWfiPayload(body, [wfiVectors.secret]).ok;
      const res = await postRaw(t.url, updatePath(), body);
      expect(res.status, `case ${i}`).toBe(authentic ? 200 : 401);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect(statuses.get(401)).toBeGreaterThan(950);
  });
});
