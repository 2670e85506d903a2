import { afterEach, describe, expect, it } from 'vitest';
import { allMigrations } from '../../connector/app.ts';
import { migrate, openStore, type Store } from '../../connector/store/index.ts';
import { pruneWebhookRecords } from '../../connector/webhook/index.ts';
import { STORE_BACKENDS, TEST_DATABASE_URL, uniqueSchema } from '../support/env.ts';

const open: Store[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function seeded(backend: 'pglite' | 'postgres'): Promise<Store> {
  const store =
    backend === 'postgres'
      ? await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: 'memory://', schema: uniqueSchema() })
      : await openStore({ dataDir: 'memory://' });
  open.push(store);
  await migrate(store, allMigrations());
  // 25 records 40 days old and 3 from today, of each kind.
  for (const [n, age] of [
    [25, '40 days'],
    [3, '0 days'],
  ] as const) {
    await store.query(
      `INSERT INTO webhook_items (team_id, transaction_id, item_id, state, claimed_at)
       SELECT 't', $2 || g, 'i', 'done', now() - $1::interval FROM generate_series(1, $3) g`,
      [age, `tx-${age}-`, n],
    );
    await store.query(
      `INSERT INTO webhook_decisions (team_id, entity_type, entity_id, operation, decision, status, latency_ms, item_id, created_at)
       SELECT 't', 'shift', 'SHFT_' || g, 'create', 'approved', 200, 1, 'i', now() - $1::interval FROM generate_series(1, $2) g`,
      [age, n],
    );
  }
  return store;
}

const count = async (store: Store, table: string) => (await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n;

describe.each(STORE_BACKENDS)('webhook retention on %s', (backend) => {
  it('prunes idempotency records and decisions older than the configured age and keeps recent ones', async () => {
    const store = await seeded(backend);
    expect(await pruneWebhookRecords(store, { maxAgeDays: 30, batchSize: 10, maxBatches: 100 })).toEqual({ items: 25, decisions: 25 });
    expect(await count(store, 'webhook_items')).toBe(3);
    expect(await count(store, 'webhook_decisions')).toBe(3);
  });

  it('deletes at most batchSize × maxBatches rows per table in one run, and the next run continues', async () => {
    const store = await seeded(backend);
    expect(await pruneWebhookRecords(store, { maxAgeDays: 30, batchSize: 10, maxBatches: 2 })).toEqual({ items: 20, decisions: 20 });
    expect(await pruneWebhookRecords(store, { maxAgeDays: 30, batchSize: 10, maxBatches: 2 })).toEqual({ items: 5, decisions: 5 });
    expect(await count(store, 'webhook_decisions')).toBe(3);
  });

  it('keeps everything younger than the age, however old the default would make it', async () => {
    const store = await seeded(backend);
    expect(await pruneWebhookRecords(store, { maxAgeDays: 45, batchSize: 10, maxBatches: 100 })).toEqual({ items: 0, decisions: 0 });
  });
});
