/**
 * Regression: a 10,000-item /read blocked /healthz for seconds, and a 2-item /read without
 * expiry headers took 50 s (each item waited its own 25 s). Big requests now let other requests
 * in between chunks of work, and a /read has one deadline for all its items. Checked by order of
 * answers (the health check answers while the big request is still running), not by timing.
 */
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { startTestApp } from '../support/app.ts';
import { ADAPTERS, startWithAdapter, type AdapterSetup } from './adapters.ts';
import { employee, futureTuesday, item, postWfi, readPath, seedBrooklynMappings, shiftBody, updatePath, WEBHOOK_ENV } from './support.ts';

const diego = employee('E1001');
const riley = employee('E1003');

/**
 * Sends GET /healthz the first time the connector uses its store once armed, i.e. while the big
 * request is being worked on, and records when each answer arrives.
 */
function healthProbe(t: TestApp) {
  const order: string[] = [];
  let armed = false;
  let health: Promise<number> | undefined;
  const store = t.app.store as unknown as Record<'query' | 'transaction', (...a: unknown[]) => Promise<unknown>>;
  for (const m of ['query', 'transaction'] as const) {
    const original = store[m]!.bind(store);
    store[m] = (...args: unknown[]) => {
      if (armed && !health) {
        health = fetch(`${t.url}/healthz`).then((r) => {
          order.push('healthz');
          return r.status;
        });
      }
      return original(...args);
    };
  }
  return {
    order,
    arm: () => void (armed = true),
    health: () => health,
  };
}

describe.each(ADAPTERS)('health checks during big requests with the %s adapter', (kind) => {
  let s: AdapterSetup;
  beforeAll(async () => {
    s = await startWithAdapter(kind);
  });
  afterAll(async () => s?.close());

  it('answers /healthz while a 10,000-item /read is still running, and answers every item', async () => {
    const probe = healthProbe(s.app);
    const requests: Array<{ id: string; method: string; url: string; headers?: Record<string, string> }> = Array.from({ length: 10_000 }, (_, i) => ({
      id: `r${i}`,
      method: 'GET',
      url: `/users/${diego.userId}/timeOffReasons`,
    }));
    // Only one item carries an expiry (the body limit leaves no room for 10,000 headers): the
    // whole request is due 2 s before it.
    requests[0]!.headers = { 'X-MS-Expires': new Date(Date.now() + 10_000).toISOString() };
    probe.arm();
    const res = await postWfi(s.app.url, readPath(), { requests }).then((r) => {
      probe.order.push('read');
      return r;
    });
    expect(await probe.health()).toBe(200);
    expect(probe.order).toEqual(['healthz', 'read']);
    expect(res.json.responses).toHaveLength(10_000);
    // Items past the request's one deadline are answered 504 at once; none is lost.
    for (const r of res.json.responses) expect([200, 504]).toContain(r.status);
    expect(res.json.responses[0]).toMatchObject({ status: 200 });
  }, 60_000);

  it('answers /healthz while a 100-item /update is still running', async () => {
    const requests = Array.from({ length: 100 }, (_, i) => {
      const id = `SHFT_big_update_${i}`;
      return item({ url: `/shifts/${id}`, transactionId: 'tx-big-update', body: shiftBody({ id, userId: riley.userId, start: futureTuesday(40, 13 + 24 * i), end: futureTuesday(40, 15 + 24 * i) }) });
    });
    const probe = healthProbe(s.app);
    probe.arm();
    const res = await postWfi(s.app.url, updatePath(), { requests }).then((r) => {
      probe.order.push('update');
      return r;
    });
    expect(await probe.health()).toBe(200);
    expect(probe.order).toEqual(['healthz', 'update']);
    expect(res.json.responses).toHaveLength(100);
    for (const r of res.json.responses) expect(r).toMatchObject({ status: 200 });
  });
});

describe('one deadline for a multi-item /read', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    // A WFM that accepts connections and never answers.
    const sockets = new Set<Socket>();
    const server = createServer((sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    stop = async () => {
      for (const sock of sockets) sock.destroy();
      await new Promise((r) => server.close(r));
    };
    const port = (server.address() as { port: number }).port;
    t = await startTestApp({ env: { ...WEBHOOK_ENV, WFM_ADAPTER: 'http', WFM_BASE_URL: `http://127.0.0.1:${port}`, WFM_API_KEY: 'test-key' } });
    await seedBrooklynMappings(t.app.store);
  });
  afterAll(async () => {
    await t?.close();
    await stop?.();
  });

  it('answers every item of a /read before its earliest expiry, even when one item has no expiry header', async () => {
    const expires = Date.now() + 6_000;
    const url = `/users/${diego.userId}/timeOffReasons?requestType=TimeOffReason`;
    const res = await postWfi(t.url, readPath(), {
      requests: [
        { id: 'no-expiry', method: 'GET', url, headers: {}, body: null },
        { id: 'expiring', method: 'GET', url, headers: { 'X-MS-Expires': new Date(expires).toISOString() }, body: null },
      ],
    });
    // Shifts stops waiting at the expiry: the whole answer must be there before it.
    expect(Date.now()).toBeLessThan(expires);
    expect(res.json.responses.map((r) => [r.id, r.status, r.body.error?.code])).toEqual([
      ['no-expiry', 504, 'WFM_TIMEOUT'],
      ['expiring', 504, 'WFM_TIMEOUT'],
    ]);
  });
});
