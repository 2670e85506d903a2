import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../connector/store/index.ts';
import { WEBHOOK_MESSAGES } from '../../connector/webhook/index.ts';
import { LIVENESS_LOCK_CLASS } from '../../connector/webhook/liveness.ts';
import { rejectedItem } from '../../connector/webhook/responses.ts';
import { createEmbeddedWfm } from '../../connector/wfm/index.ts';
import type { TestApp } from '../support/app.ts';
import { STORE_BACKENDS, TEST_DATABASE_URL } from '../support/env.ts';
import { BROOKLYN, employee, futureTuesday, item, postWfi, shiftBody, startSeededWebhookApp, updatePath } from './support.ts';

const riley = employee('E1003');

function createPayload(id: string, transactionId: string, week: number, expires?: string) {
  const body = shiftBody({ id, userId: riley.userId, start: futureTuesday(week, 13), end: futureTuesday(week, 15) });
  return { requests: [item({ url: `/shifts/${id}`, transactionId, body, ...(expires ? { expires } : {}) })] };
}

async function rileysShifts(t: TestApp, week: number) {
  const r = await createEmbeddedWfm({ store: t.app.store }).listShifts(BROOKLYN.wfmTeamId, { start: futureTuesday(week, 0), end: futureTuesday(week, 23) });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.filter((s) => s.employeeId === riley.wfmEmployeeId);
}

/** Writes an idempotency record as an earlier attempt left it. */
async function leaveRecord(t: TestApp, transactionId: string, itemId: string, record: { state: 'pending' | 'done'; owner?: number; status?: number }) {
  const response = record.status ? rejectedItem(itemId, record.status, 'WFM_UNAVAILABLE', WEBHOOK_MESSAGES.unreachable) : null;
  await t.app.store.query(
    `INSERT INTO webhook_items (team_id, transaction_id, item_id, state, response, owner) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
    [BROOKLYN.teamsTeamId, transactionId, itemId, record.state, response === null ? null : JSON.stringify(response), record.owner ?? null],
  );
}

describe.each(STORE_BACKENDS)('idempotency after faults on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSeededWebhookApp(backend);
  });
  afterAll(async () => t?.close());

  it.each([503, 504])('re-decides a retry whose earlier answer was a transient %i instead of replaying it', async (status) => {
    const week = status === 503 ? 8 : 9;
    const id = `SHFT_transient_${status}`;
    await leaveRecord(t, `tx-transient-${status}`, id, { state: 'done', status });
    const retry = await postWfi(t.url, updatePath(), createPayload(id, `tx-transient-${status}`, week));
    expect(retry.json.responses[0]!.status).toBe(200);
    expect(await rileysShifts(t, week)).toHaveLength(1);
    // The final answer is the one replayed from now on.
    const again = await postWfi(t.url, updatePath(), createPayload(id, `tx-transient-${status}`, week));
    expect(again.json).toEqual(retry.json);
    expect(await rileysShifts(t, week)).toHaveLength(1);
  });

  it('takes over at once a claim left by an instance that died mid-request', async () => {
    // The dead instance's liveness lock is free; well before any fixed claim expiry, and with
    // only two seconds to answer, the retry decides the change instead of answering IN_PROGRESS.
    await leaveRecord(t, 'tx-dead-owner', 'SHFT_dead_owner', { state: 'pending', owner: 424242 });
    const expires = new Date(Date.now() + 4_000).toISOString();
    const retry = await postWfi(t.url, updatePath(), createPayload('SHFT_dead_owner', 'tx-dead-owner', 10, expires));
    expect(retry.json.responses[0]!.status).toBe(200);
    expect(await rileysShifts(t, 10)).toHaveLength(1);
  });
});

describe.runIf(TEST_DATABASE_URL)('idempotency with a live second instance on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSeededWebhookApp('postgres');
  });
  afterAll(async () => t?.close());

  it('leaves a claim of an instance that is still alive to it, answering IN_PROGRESS', async () => {
    const other = await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: 'memory://' });
    const alive = await other.holdAdvisoryLock(LIVENESS_LOCK_CLASS, 515151);
    try {
      await leaveRecord(t, 'tx-live-owner', 'SHFT_live_owner', { state: 'pending', owner: 515151 });
      const expires = new Date(Date.now() + 3_000).toISOString();
      const retry = await postWfi(t.url, updatePath(), createPayload('SHFT_live_owner', 'tx-live-owner', 11, expires));
      expect(retry.json.responses[0]).toMatchObject({ status: 503, body: { error: { code: 'IN_PROGRESS' } } });
      expect(await rileysShifts(t, 11)).toHaveLength(0);
    } finally {
      await alive.release();
      await other.close();
    }
  });
});
