import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDecisions } from '../../connector/webhook/index.ts';
import { createEmbeddedWfm } from '../../connector/wfm/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { TEST_DATABASE_URL, uniqueSchema } from '../support/env.ts';
import { BROOKLYN, employee, futureTuesday, item, postWfi, seedBrooklynMappings, shiftBody, startSeededWebhookApp, updatePath, WEBHOOK_ENV } from './support.ts';

const riley = employee('E1003');

async function shiftsOf(app: TestApp, start: string, end: string) {
  const r = await createEmbeddedWfm({ store: app.app.store }).listShifts(BROOKLYN.wfmTeamId, { start, end });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.filter((s) => s.employeeId === 'E1003');
}

function createPayload(id: string, transactionId: string, start: string, end: string) {
  return { requests: [item({ url: `/shifts/${id}`, transactionId, body: shiftBody({ id, userId: riley.userId, start, end }) })] };
}

describe('idempotent /update', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSeededWebhookApp();
  });
  afterAll(async () => t?.close());

  it('answers a retried transaction with the recorded answer and applies the change once', async () => {
    const start = futureTuesday(3, 13);
    const end = futureTuesday(3, 15);
    const payload = createPayload('SHFT_retry', 'tx-retry', start, end);
    const first = await postWfi(t.url, updatePath(), payload);
    const second = await postWfi(t.url, updatePath(), payload);
    expect(first.json.responses[0]!.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(await shiftsOf(t, start, end)).toHaveLength(1);
    const decisions = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId, entityType: 'shift' });
    expect(decisions.filter((d) => d.entityId === 'SHFT_retry')).toHaveLength(1);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/wfi_webhook_replays_total\{endpoint="update"\} [1-9]/);
  });

  it('applies concurrent copies of the same transaction once and gives each the same answer', async () => {
    const start = futureTuesday(4, 13);
    const end = futureTuesday(4, 15);
    const payload = createPayload('SHFT_concurrent', 'tx-concurrent', start, end);
    const answers = await Promise.all(Array.from({ length: 6 }, () => postWfi(t.url, updatePath(), payload)));
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.json).toEqual(answers[0]!.json);
    }
    expect(answers[0]!.json.responses[0]!.status).toBe(200);
    expect(await shiftsOf(t, start, end)).toHaveLength(1);
  });

  it('treats the same item id in a new transaction as a new change', async () => {
    const start = futureTuesday(5, 13);
    const end = futureTuesday(5, 15);
    const first = await postWfi(t.url, updatePath(), createPayload('SHFT_again', 'tx-again-1', start, end));
    expect(first.json.responses[0]!.status).toBe(200);
    // A second create of the same times now overlaps the first: the WFM is asked again.
    const second = await postWfi(t.url, updatePath(), createPayload('SHFT_again', 'tx-again-2', start, end));
    expect(second.json.responses[0]).toMatchObject({ status: 400, body: { error: { code: 'OVERLAP' } } });
  });
});

describe('idempotency across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-idem-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the recorded answer after the app restarts on the same database', async () => {
    const start = futureTuesday(6, 13);
    const end = futureTuesday(6, 15);
    const payload = createPayload('SHFT_restart', 'tx-restart', start, end);
    const env = { ...WEBHOOK_ENV, DATA_DIR: dir };

    const before = await startTestApp({ env });
    let first;
    try {
      await createEmbeddedWfm({ store: before.app.store }).seed();
      await seedBrooklynMappings(before.app.store);
      first = await postWfi(before.url, updatePath(), payload);
      expect(first.json.responses[0]!.status).toBe(200);
    } finally {
      await before.close();
    }

    const after = await startTestApp({ env });
    try {
      const again = await postWfi(after.url, updatePath(), payload);
      expect(again.json).toEqual(first.json);
      expect(await shiftsOf(after, start, end)).toHaveLength(1);
    } finally {
      await after.close();
    }
  });
});

describe.runIf(TEST_DATABASE_URL)('idempotency across two instances on one PostgreSQL', () => {
  it('applies a transaction sent to both instances at once only once, and both give the same answer', async () => {
    const schema = uniqueSchema();
    const options = { backend: 'postgres' as const, env: { ...WEBHOOK_ENV }, storeSchema: schema, jobsSchema: `${schema}_jobs` };
    const a = await startTestApp(options);
    const b = await startTestApp(options);
    try {
      await createEmbeddedWfm({ store: a.app.store }).seed();
      await seedBrooklynMappings(a.app.store);
      const start = futureTuesday(7, 13);
      const end = futureTuesday(7, 15);
      const payload = createPayload('SHFT_two_instances', 'tx-two-instances', start, end);
      const answers = await Promise.all([a, b, a, b].map((app) => postWfi(app.url, updatePath(), payload)));
      expect(answers[0]!.json.responses[0]!.status).toBe(200);
      for (const answer of answers) expect(answer.json).toEqual(answers[0]!.json);
      expect(await shiftsOf(b, start, end)).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
