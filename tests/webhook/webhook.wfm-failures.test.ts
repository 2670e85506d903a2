import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_MESSAGES } from '../../connector/webhook/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { employee, futureTuesday, item, postWfi, readPath, seedBrooklynMappings, shiftBody, updatePath, WEBHOOK_ENV } from './support.ts';

/** A WFM that accepts connections and never answers; `stop()` drops them all and closes. */
function hangingServer(): Promise<{ server: Server; port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let stopping = false;
  const server = createServer((s) => {
    if (stopping) return void s.destroy();
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const stop = async () => {
    stopping = true;
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  };
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, stop })));
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const { port, stop } = await hangingServer();
  await stop();
  return port;
}

const shiftChange = (id: string, expires?: string) => ({
  requests: [item({ url: `/shifts/${id}`, expires, body: shiftBody({ id, userId: employee('E1001').userId, start: futureTuesday(7, 14), end: futureTuesday(7, 16) }) })],
});

describe('when the WFM is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ...WEBHOOK_ENV, WFM_ADAPTER: 'http', WFM_BASE_URL: `http://127.0.0.1:${await closedPort()}`, WFM_API_KEY: 'test-key' } });
    await seedBrooklynMappings(t.app.store);
  });
  afterAll(async () => t?.close());

  it('answers an update item with 503 and the agreed message', async () => {
    const res = await postWfi(t.url, updatePath(), shiftChange('SHFT_unreachable'));
    expect(res.status).toBe(200);
    expect(res.json.responses[0]).toMatchObject({ status: 503, body: { eTag: null, error: { message: WEBHOOK_MESSAGES.unreachable } } });
  });

  it('answers a read item with 503', async () => {
    const res = await postWfi(t.url, readPath(), {
      requests: [{ id: 'r', method: 'GET', url: `/users/${employee('E1001').userId}/timeOffReasons?requestType=TimeOffReason`, headers: {}, body: null }],
    });
    expect(res.json.responses[0]).toMatchObject({ id: 'r', status: 503, body: { error: { message: WEBHOOK_MESSAGES.unreachable } } });
  });
});

describe('when the WFM is slow', () => {
  let t: TestApp;
  let wfm: Awaited<ReturnType<typeof hangingServer>>;
  beforeAll(async () => {
    wfm = await hangingServer();
    t = await startTestApp({ env: { ...WEBHOOK_ENV, WFM_ADAPTER: 'http', WFM_BASE_URL: `http://127.0.0.1:${wfm.port}`, WFM_API_KEY: 'test-key' } });
    await seedBrooklynMappings(t.app.store);
  });
  afterAll(async () => {
    await wfm.stop();
    await t?.close();
  });

  it('answers 504 in-body before the item expires instead of letting Shifts time out', async () => {
    const expires = Date.now() + 4_000;
    const res = await postWfi(t.url, updatePath(), shiftChange('SHFT_slow', new Date(expires).toISOString()));
    const answeredAt = Date.now();
    expect(res.status).toBe(200);
    expect(res.json.responses[0]).toMatchObject({ status: 504, body: { error: { code: 'WFM_TIMEOUT', message: WEBHOOK_MESSAGES.timeout } } });
    expect(answeredAt).toBeLessThan(expires);
  });
});

describe('when the connector itself fails', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ...WEBHOOK_ENV } });
  });
  afterAll(async () => t?.close());

  it('still answers an authentic request with 200 and a retryable in-body 503', async () => {
    // A real failure of the store under the webhook: its idempotency table is gone.
    await t.app.store.exec('DROP TABLE webhook_items');
    const res = await postWfi(t.url, updatePath(), shiftChange('SHFT_broken'));
    expect(res.status).toBe(200);
    expect(res.json.responses).toEqual([
      { id: 'SHFT_broken', status: 503, body: { eTag: null, error: { code: 'CONNECTOR_ERROR', message: WEBHOOK_MESSAGES.connectorError }, data: null } },
    ]);
  });
});
