/**
 * Retention of the webhook's records: idempotency records and decisions older than a configured
 * age are deleted in bounded batches, each batch its own short statement, so pruning a large
 * backlog never holds long locks or one huge transaction against the hot path.
 */
import type { Queryable } from '../store/index.ts';

/** How long records are kept and how much one run deletes. */
export interface RetentionOptions {
  /** Records older than this many days are pruned (`WEBHOOK_RETENTION_DAYS`, default 30). */
  maxAgeDays: number;
  /** Rows deleted per statement (default 1000). */
  batchSize: number;
  /** Statements per table in one run (default 100); the next run continues where this stopped. */
  maxBatches: number;
}

export const DEFAULT_RETENTION: RetentionOptions = { maxAgeDays: 30, batchSize: 1000, maxBatches: 100 };

/** Deletes expired idempotency records and decisions; returns how many of each went. */
export async function pruneWebhookRecords(
  q: Queryable,
  options: RetentionOptions = DEFAULT_RETENTION,
): Promise<{ items: number; decisions: number }> {
  // A Shifts retry comes within seconds; an idempotency record is only useful for as long as the
  // decision it answered is kept, so both share one age.
  const items = await pruneInBatches(
    q,
    `DELETE FROM webhook_items WHERE ctid IN (
       SELECT ctid FROM webhook_items WHERE claimed_at < now() - make_interval(days => $1) LIMIT $2)`,
    options,
  );
  const decisions = await pruneInBatches(
    q,
    `DELETE FROM webhook_decisions WHERE id IN (
       SELECT id FROM webhook_decisions WHERE created_at < now() - make_interval(days => $1) ORDER BY id LIMIT $2)`,
    options,
  );
  return { items, decisions };
}

async function pruneInBatches(q: Queryable, sql: string, options: RetentionOptions): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < options.maxBatches; batch += 1) {
    const rows = await q.query(`${sql} RETURNING 1`, [options.maxAgeDays, options.batchSize]);
    total += rows.length;
    if (rows.length < options.batchSize) break;
  }
  return total;
}
