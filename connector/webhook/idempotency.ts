/**
 * Idempotency of /update items, keyed by (team, `X-MS-Transaction-ID`, item id) in the store,
 * so a Shifts retry gets the recorded answer without applying twice, across restarts and
 * across instances. A claim row is written before the WFM is called: a concurrent duplicate
 * finds it and waits for the answer instead of applying the change a second time.
 *
 * Only final answers are replayed. A transient one (503, 504: the WFM was unreachable or late)
 * is re-decided by the retry, which asks the WFM again under the same idempotency key and so
 * learns what really happened. A claim names its instance (`owner`, the key of that instance's
 * liveness lock, see `liveness.ts`); a claim whose instance died is taken over at once.
 */
import type { Queryable } from '../store/index.ts';
import { LIVENESS_LOCK_CLASS } from './liveness.ts';
import { wfiResponseItemSchema, type WfiResponseItem } from './schemas.ts';

/**
 * A claim without an owner (recorded before claims named their instance) older than this is
 * treated as abandoned. Claims with an owner are judged by that owner's liveness lock instead.
 */
export const STALE_CLAIM_SECONDS = 120;

/** Answers that say "not decided yet, try again": never replayed, re-decided on retry. */
export const TRANSIENT_STATUSES: readonly number[] = [503, 504];

export interface ItemKey {
  transactionId: string;
  itemId: string;
}

export type ClaimOutcome =
  | { kind: 'claimed' }
  | { kind: 'answered'; response: WfiResponseItem }
  | { kind: 'busy' };

const keyOf = (k: ItemKey) => `${k.transactionId}\u0000${k.itemId}`;

/** Claims every key not yet seen; reports the recorded answer or a claim in progress for the others. */
export async function claimItems(q: Queryable, teamId: string, keys: readonly ItemKey[], owner: number): Promise<Map<string, ClaimOutcome>> {
  const out = new Map<string, ClaimOutcome>();
  if (keys.length === 0) return out;
  // One item (the usual request) as a plain VALUES insert: cheaper to plan than unnest.
  const inserted =
    keys.length === 1
      ? await q.query<{ transaction_id: string; item_id: string }>(
          `INSERT INTO webhook_items (team_id, transaction_id, item_id, state, owner) VALUES ($1, $2, $3, 'pending', $4)
           ON CONFLICT DO NOTHING RETURNING transaction_id, item_id`,
          [teamId, keys[0]!.transactionId, keys[0]!.itemId, owner],
        )
      : await q.query<{ transaction_id: string; item_id: string }>(
          `INSERT INTO webhook_items (team_id, transaction_id, item_id, state, owner)
           SELECT $1, t, i, 'pending', $4 FROM unnest($2::text[], $3::text[]) AS k(t, i)
           ON CONFLICT DO NOTHING RETURNING transaction_id, item_id`,
          [teamId, keys.map((k) => k.transactionId), keys.map((k) => k.itemId), owner],
        );
  for (const r of inserted) out.set(keyOf({ transactionId: r.transaction_id, itemId: r.item_id }), { kind: 'claimed' });
  const others = keys.filter((k) => !out.has(keyOf(k)));
  if (others.length === 0) return out;
  for (const [key, outcome] of await inspect(q, teamId, others, owner)) out.set(key, outcome);
  return out;
}

/**
 * Reads the state of keys already recorded: a final answer is replayed; a transient answer, a
 * claim whose instance died, or an ownerless claim past `STALE_CLAIM_SECONDS` is taken over
 * (claimed by `owner`); a claim of a live instance is busy.
 */
export async function inspect(q: Queryable, teamId: string, keys: readonly ItemKey[], owner: number): Promise<Map<string, ClaimOutcome>> {
  const out = new Map<string, ClaimOutcome>();
  const rows = await q.query<{ transaction_id: string; item_id: string; state: string; response: unknown }>(
    `SELECT transaction_id, item_id, state, response
       FROM webhook_items WHERE team_id = $1 AND (transaction_id, item_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
    [teamId, keys.map((k) => k.transactionId), keys.map((k) => k.itemId)],
  );
  for (const r of rows) {
    const key = keyOf({ transactionId: r.transaction_id, itemId: r.item_id });
    const parsed = r.state === 'done' ? wfiResponseItemSchema.safeParse(r.response) : undefined;
    if (parsed?.success && !TRANSIENT_STATUSES.includes(parsed.data.status)) {
      out.set(key, { kind: 'answered', response: parsed.data });
      continue;
    }
    // One statement decides the takeover, so two retries racing for it cannot both win: the
    // loser re-reads the row under its lock and finds it claimed by a live instance.
    const taken = await q.query(
      `UPDATE webhook_items SET claimed_at = now(), state = 'pending', response = NULL, owner = $4
        WHERE team_id = $1 AND transaction_id = $2 AND item_id = $3
          AND ((state = 'done' AND (response->>'status')::int = ANY($5::int[]))
            OR (state = 'pending' AND owner IS NULL AND claimed_at < now() - make_interval(secs => $6))
            OR (state = 'pending' AND owner <> $4 AND pg_try_advisory_xact_lock($7, owner)))
        RETURNING item_id`,
      [teamId, r.transaction_id, r.item_id, owner, TRANSIENT_STATUSES, STALE_CLAIM_SECONDS, LIVENESS_LOCK_CLASS],
    );
    out.set(key, taken.length > 0 ? { kind: 'claimed' } : { kind: 'busy' });
  }
  // A row that vanished was released by its claimer after a failure; the caller's next
  // `claimItems` round claims it afresh.
  for (const k of keys) if (!out.has(keyOf(k))) out.set(keyOf(k), { kind: 'busy' });
  return out;
}

/** Records the answers of claimed items (inside the caller's transaction). */
export async function completeItems(
  q: Queryable,
  teamId: string,
  answers: ReadonlyArray<{ key: ItemKey; response: WfiResponseItem }>,
): Promise<void> {
  if (answers.length === 0) return;
  await q.query(
    `UPDATE webhook_items w SET state = 'done', response = v.r::jsonb
       FROM unnest($2::text[], $3::text[], $4::text[]) AS v(t, i, r)
      WHERE w.team_id = $1 AND w.transaction_id = v.t AND w.item_id = v.i`,
    [
      teamId,
      answers.map((a) => a.key.transactionId),
      answers.map((a) => a.key.itemId),
      answers.map((a) => JSON.stringify(a.response)),
    ],
  );
}

/** Which of these keys already have a record (claimed or answered), as `teamItemKeyString`s. */
export async function existingKeys(q: Queryable, keys: ReadonlyArray<{ teamId: string; key: ItemKey }>): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  // Matched by columns separately (an index scan on the primary key), then paired here.
  const rows = await q.query<{ team_id: string; transaction_id: string; item_id: string }>(
    `SELECT team_id, transaction_id, item_id FROM webhook_items
      WHERE team_id = ANY($1::text[]) AND transaction_id = ANY($2::text[]) AND item_id = ANY($3::text[])`,
    [[...new Set(keys.map((k) => k.teamId))], [...new Set(keys.map((k) => k.key.transactionId))], [...new Set(keys.map((k) => k.key.itemId))]],
  );
  return new Set(rows.map((r) => teamItemKeyString({ teamId: r.team_id, key: { transactionId: r.transaction_id, itemId: r.item_id } })));
}

/** The string `existingKeys` reports a team's key as. */
export const teamItemKeyString = (k: { teamId: string; key: ItemKey }) => `${k.teamId}\u0000${keyOf(k.key)}`;

/** Drops claims that will not be answered (an unexpected failure), so a retry can run. */
export async function releaseItems(q: Queryable, teamId: string, keys: readonly ItemKey[]): Promise<void> {
  if (keys.length === 0) return;
  await q.query(
    `DELETE FROM webhook_items w USING unnest($2::text[], $3::text[]) AS v(t, i)
      WHERE w.team_id = $1 AND w.transaction_id = v.t AND w.item_id = v.i AND w.state = 'pending'`,
    [teamId, keys.map((k) => k.transactionId), keys.map((k) => k.itemId)],
  );
}

export { keyOf as itemKeyString };
