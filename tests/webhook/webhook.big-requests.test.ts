import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMigrations } from '../../connector/app.ts';
import { migrate, openStore, type Store } from '../../connector/store/index.ts';
import { recordDecisions } from '../../connector/webhook/decisions.ts';
import { MAX_UPDATE_ITEMS } from '../../connector/webhook/update.ts';
import type { TestApp } from '../support/app.ts';
import { STORE_BACKENDS, TEST_DATABASE_URL, uniqueSchema } from '../support/env.ts';
import { BROOKLYN, employee, futureTuesday, item, postWfi, shiftBody, startSeededWebhookApp, updatePath } from './support.ts';

const riley = employee('E1003');

describe.each(STORE_BACKENDS)('requests beyond the item limit on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSeededWebhookApp(backend);
  });
  afterAll(async () => t?.close());

  it('answers every item 400 TOO_MANY_ITEMS, applies none, and still writes the audit and alerts', async () => {
    const n = MAX_UPDATE_ITEMS + 50;
    const requests = Array.from({ length: n }, (_, i) => {
      const id = `SHFT_big_${i}`;
      return item({ url: `/shifts/${id}`, body: shiftBody({ id, userId: riley.userId, start: futureTuesday(15, 13), end: futureTuesday(15, 15) }) });
    });
    const res = await postWfi(t.url, updatePath(), { requests });
    expect(res.status).toBe(200);
    expect(res.json.responses).toHaveLength(n);
    for (const r of res.json.responses) expect(r).toMatchObject({ status: 400, body: { error: { code: 'TOO_MANY_ITEMS' } } });
    const decisions = await t.app.store.query<{ n: number }>(`SELECT count(*) AS n FROM webhook_decisions WHERE entity_id LIKE 'SHFT_big_%' AND rule_code = 'TOO_MANY_ITEMS'`);
    expect(decisions[0]!.n).toBe(n);
    const alerts = await t.app.store.query<{ n: number }>(`SELECT count(*) AS n FROM alert_events WHERE entity_key LIKE 'change_rejected:shift:SHFT_big_%'`);
    expect(alerts[0]!.n).toBe(n);
    const shifts = await t.app.store.query<{ n: number }>(`SELECT count(*) AS n FROM webhook_decisions WHERE entity_id LIKE 'SHFT_big_%' AND status = 200`);
    expect(shifts[0]!.n).toBe(0);
  });

  it.each([
    ['a 500 KB id', 'SHFT_' + 'x'.repeat(500_000)],
    ['a NUL in the id', 'SHFT_nul\u0000id'],
  ])('answers an item with %s a permanent 400 INVALID_INPUT, recorded, instead of a retryable 503', async (_, id) => {
    const body = shiftBody({ id: 'SHFT_ok', userId: riley.userId, start: futureTuesday(16, 13), end: futureTuesday(16, 15) });
    const res = await postWfi(t.url, updatePath(), { requests: [{ ...item({ url: '/shifts/SHFT_ok', body }), id }] });
    expect(res.json.responses[0]).toMatchObject({ id, status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    const rows = await t.app.store.query<{ n: number }>(`SELECT count(*) AS n FROM webhook_decisions WHERE rule_code = 'INVALID_INPUT' AND item_id LIKE $1`, [`${id.slice(0, 8)}%`]);
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('never turns an unknown URL segment into a metric label', async () => {
    await postWfi(t.url, updatePath(), { requests: [item({ url: '/made-up-segment-4711/xyz', body: {} })] });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).not.toContain('made-up-segment-4711');
    expect(metrics).toMatch(/wfi_webhook_items_total\{[^}]*entity="unknown"/);
  });
});

describe.each(STORE_BACKENDS)('recording many decisions on %s', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store =
      backend === 'postgres'
        ? await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: 'memory://', schema: uniqueSchema() })
        : await openStore({ dataDir: 'memory://' });
    await migrate(store, allMigrations());
  });
  afterAll(async () => store?.close());

  it('records 6,000 decisions in one transaction without reaching the 65,535-parameter limit', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => ({
      teamId: BROOKLYN.teamsTeamId,
      entityType: 'shift',
      entityId: `SHFT_many_${i}`,
      operation: 'create' as const,
      actingUserId: null,
      decision: 'rejected' as const,
      status: 400,
      ruleCode: 'TOO_MANY_ITEMS',
      message: 'too many',
      latencyMs: 1,
      transactionId: 'tx-many',
      itemId: `SHFT_many_${i}`,
      wfmId: null,
    }));
    const ids = await store.transaction((tx) => recordDecisions(tx, rows));
    expect(ids).toHaveLength(6000);
    expect(new Set(ids).size).toBe(6000);
  });
});
