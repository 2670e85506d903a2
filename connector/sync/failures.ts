/**
 * Failure records: one open record per (team, entity type, entity) that could not be written,
 * with every attempt in its history. Retried automatically with backoff up to a limit,
 * retried on demand, resolved when a later write succeeds, and alerted once when new.
 */
import { randomUUID } from 'node:crypto';
import type { AlertOutbox } from '../alerts/index.ts';
import type { Queryable } from '../store/index.ts';
import type { FailureAttempt, FailureFilter, FailureState, SyncFailure } from './service.ts';

export const FAILURE_TRANSITIONS: Record<FailureState, readonly FailureState[]> = {
  open: ['retrying', 'resolved', 'handled'],
  retrying: ['open', 'resolved', 'handled'],
  resolved: [],
  handled: [],
};

export interface FailurePolicy {
  /** Automatic retries before a failure waits for a person (retry button or CLI). */
  maxAutoRetries: number;
  /** First automatic retry delay; doubles per attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_FAILURE_POLICY: FailurePolicy = { maxAutoRetries: 5, baseDelayMs: 60_000, maxDelayMs: 6 * 3600_000 };

export interface FailureInput {
  teamId: string;
  entityType: string;
  wfmId: string | null;
  shiftsId: string | null;
  operation: 'create' | 'update' | 'delete';
  errorCode: string;
  errorMessage: string;
  /** Sends this round made (the Graph client's retries included); 1 when not sent. */
  attempts?: number;
  /** What the entity is about, for the alert card. */
  subject?: { employeeName: string | null; start: string | null; end: string | null } | null;
}

interface FailureRow {
  id: string;
  team_id: string;
  entity_type: string;
  wfm_id: string | null;
  shifts_id: string | null;
  operation: SyncFailure['operation'];
  error_code: string;
  error_message: string;
  attempts: number;
  rounds: number;
  state: FailureState;
  first_seen_at: Date;
  last_seen_at: Date;
  next_retry_at: Date | null;
  history: FailureAttempt[];
}

function toFailure(r: FailureRow): SyncFailure {
  return {
    id: r.id,
    teamId: r.team_id,
    entityType: r.entity_type,
    wfmId: r.wfm_id,
    shiftsId: r.shifts_id,
    operation: r.operation,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    attempts: r.attempts,
    state: r.state,
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    nextRetryAt: r.next_retry_at?.toISOString() ?? null,
    history: r.history,
  };
}

const keyOf = (f: { wfmId: string | null; shiftsId: string | null }) => f.wfmId ?? `shifts:${f.shiftsId ?? ''}`;

/** When the next automatic retry is due after `rounds` runs tried the entity (null: no more). */
export function nextRetryDelay(rounds: number, policy: FailurePolicy): number | null {
  if (rounds > policy.maxAutoRetries) return null;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, rounds - 1));
}

const HISTORY_LIMIT = 50;

/**
 * Records a failed attempt inside the caller's transaction. A new failure emits a
 * `sync_failure` alert; a repeat only updates the record. Returns the record and whether it is new.
 */
export async function recordFailure(
  q: Queryable,
  alerts: AlertOutbox,
  input: FailureInput,
  policy: FailurePolicy,
): Promise<{ failure: SyncFailure; isNew: boolean }> {
  const now = new Date();
  const sends = Math.max(1, input.attempts ?? 1);
  const attempt: FailureAttempt = { at: now.toISOString(), errorCode: input.errorCode, errorMessage: input.errorMessage, attempts: sends };
  const existing = await q.query<FailureRow>(
    `SELECT * FROM sync_failures WHERE team_id = $1 AND entity_type = $2 AND entity_key = $3 AND state IN ('open', 'retrying') FOR UPDATE`,
    [input.teamId, input.entityType, keyOf(input)],
  );
  if (existing[0]) {
    const attempts = existing[0].attempts + sends;
    const rounds = existing[0].rounds + 1;
    const delay = nextRetryDelay(rounds, policy);
    const history = [...existing[0].history, attempt].slice(-HISTORY_LIMIT);
    const rows = await q.query<FailureRow>(
      `UPDATE sync_failures SET attempts = $2, rounds = $9, state = 'open', error_code = $3, error_message = $4, last_seen_at = now(),
         shifts_id = COALESCE($5, shifts_id), operation = $6, history = $7::jsonb, next_retry_at = $8
       WHERE id = $1 RETURNING *`,
      [
        existing[0].id,
        attempts,
        input.errorCode,
        input.errorMessage,
        input.shiftsId,
        input.operation,
        JSON.stringify(history),
        delay === null ? null : new Date(now.getTime() + delay),
        rounds,
      ],
    );
    return { failure: toFailure(rows[0]!), isNew: false };
  }
  const delay = nextRetryDelay(1, policy);
  const rows = await q.query<FailureRow>(
    `INSERT INTO sync_failures (id, team_id, entity_type, entity_key, wfm_id, shifts_id, operation, error_code, error_message,
       attempts, rounds, state, history, next_retry_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $12, 1, 'open', $10::jsonb, $11) RETURNING *`,
    [
      randomUUID(),
      input.teamId,
      input.entityType,
      keyOf(input),
      input.wfmId,
      input.shiftsId,
      input.operation,
      input.errorCode,
      input.errorMessage,
      JSON.stringify([attempt]),
      delay === null ? null : new Date(now.getTime() + delay),
      sends,
    ],
  );
  const failure = toFailure(rows[0]!);
  await alerts.emit(q, {
    kind: 'sync_failure',
    teamId: failure.teamId,
    failureId: failure.id,
    entityType: failure.entityType,
    wfmId: failure.wfmId,
    shiftsId: failure.shiftsId,
    operation: failure.operation,
    errorCode: failure.errorCode,
    errorMessage: failure.errorMessage,
    attempts: failure.attempts,
    subject: input.subject ?? null,
    occurredAt: failure.firstSeenAt,
  });
  return { failure, isNew: true };
}

/** Resolves the open failure of an entity after a successful write; true when there was one. */
export async function resolveFailure(
  q: Queryable,
  teamId: string,
  entityType: string,
  ids: { wfmId: string | null; shiftsId: string | null },
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE sync_failures SET state = 'resolved', resolved_at = now(), next_retry_at = NULL
     WHERE team_id = $1 AND entity_type = $2 AND entity_key = $3 AND state IN ('open', 'retrying') RETURNING id`,
    [teamId, entityType, keyOf(ids)],
  );
  return rows.length > 0;
}

/** Moves a failure along its lifecycle; returns undefined when it does not exist. */
export async function transitionFailure(
  q: Queryable,
  id: string,
  to: FailureState,
  handledBy: string | null = null,
): Promise<SyncFailure | undefined | 'illegal'> {
  const rows = await q.query<FailureRow>(`SELECT * FROM sync_failures WHERE id = $1 FOR UPDATE`, [id]);
  const row = rows[0];
  if (!row) return undefined;
  if (row.state === to) return toFailure(row);
  if (!FAILURE_TRANSITIONS[row.state].includes(to)) return 'illegal';
  const updated = await q.query<FailureRow>(
    `UPDATE sync_failures SET state = $2, handled_by = COALESCE($3, handled_by),
       resolved_at = CASE WHEN $2 IN ('resolved', 'handled') THEN now() ELSE resolved_at END,
       next_retry_at = CASE WHEN $2 IN ('resolved', 'handled') THEN NULL ELSE next_retry_at END
     WHERE id = $1 RETURNING *`,
    [id, to, handledBy],
  );
  return toFailure(updated[0]!);
}

export async function getFailure(q: Queryable, id: string): Promise<SyncFailure | undefined> {
  const rows = await q.query<FailureRow>(`SELECT * FROM sync_failures WHERE id = $1`, [id]);
  return rows[0] ? toFailure(rows[0]) : undefined;
}

export async function listFailures(q: Queryable, filter: FailureFilter = {}): Promise<SyncFailure[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.teamIds) {
    params.push(filter.teamIds);
    where.push(`team_id = ANY($${params.length}::text[])`);
  }
  if (filter.entityType) {
    params.push(filter.entityType);
    where.push(`entity_type = $${params.length}`);
  }
  if (filter.errorCode) {
    params.push(filter.errorCode);
    where.push(`error_code = $${params.length}`);
  }
  if (filter.state) {
    params.push(filter.state);
    where.push(`state = ANY($${params.length}::text[])`);
  }
  const rows = await q.query<FailureRow>(
    `SELECT * FROM sync_failures ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_seen_at DESC LIMIT 1000`,
    params,
  );
  return rows.map(toFailure);
}

/** Open failures of a team whose automatic retry is due. */
export async function dueFailures(q: Queryable, teamId: string): Promise<SyncFailure[]> {
  const rows = await q.query<FailureRow>(
    `SELECT * FROM sync_failures WHERE team_id = $1 AND state = 'open' AND next_retry_at IS NOT NULL AND next_retry_at <= now()`,
    [teamId],
  );
  return rows.map(toFailure);
}
