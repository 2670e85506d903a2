/**
 * Executes a plan against Graph: writes go out in `$batch`es sized to the team's rate (each
 * item is paced and retried on its own by the Graph client), and each outcome is recorded in
 * its own transaction: mapping + content hash on success, a failure record (and a
 * `sync_failure` alert when new) otherwise. Creates are recorded as intents before they are
 * sent, so a crash between Graph's answer and our commit is adopted on the next run, not
 * duplicated.
 */
import type { Logger } from 'pino';
import type { AlertOutbox } from '../alerts/index.ts';
import type { GraphCallError, GraphClient, GraphRequest, GraphResponse } from '../graph/index.ts';
import { deleteEntityMapping, upsertEntityMapping } from '../mappings/index.ts';
import type { Queryable, Store } from '../store/index.ts';
import type { Result } from '../errors.ts';
import { COLLECTION, contentHash, isInactive } from './entities.ts';
import { recordFailure, resolveFailure, type FailurePolicy } from './failures.ts';
import type { PlannedOp } from './plan.ts';
import { addCount, type Counts, type FixedItem } from './runs.ts';

export interface WriterDeps {
  store: Store;
  graph: GraphClient;
  alerts: AlertOutbox;
  failurePolicy: FailurePolicy;
  log: Logger;
}

export interface RunTally {
  counts: Counts;
  fixed: FixedItem[];
  failed: number;
  /** Graph writes (items) sent for schedule items, to decide whether to share drafts. */
  scheduleWrites: number;
  /** Writes planned so far in this run (grows phase by phase: groups, reasons, items). */
  planned: number;
  /** Writes sent so far in this run. */
  done: number;
  /** Called after each chunk (and awaited) so callers can show and record progress. */
  onProgress?: (done: number, planned: number) => void | Promise<void>;
}

type WriteOp = Extract<PlannedOp, { op: 'create' | 'update' | 'delete' }>;

function requestFor(teamId: string, op: WriteOp): GraphRequest {
  const base = `/teams/${encodeURIComponent(teamId)}/schedule/${COLLECTION[op.type]}`;
  if (op.op === 'create') return { method: 'POST', path: base, body: op.body, teamId };
  if (op.op === 'update') return { method: 'PUT', path: `${base}/${encodeURIComponent(op.shiftsId)}`, body: op.body, teamId };
  return { method: 'DELETE', path: `${base}/${encodeURIComponent(op.shiftsId)}`, teamId };
}

const fixedOf = (op: PlannedOp, shiftsId: string | null): FixedItem | null =>
  'fix' in op && op.fix ? { entityType: op.type, wfmId: op.wfmId, shiftsId, fix: op.fix } : null;

/** Executes `ops` for one team, updating `tally`. Never throws for Graph failures. */
export async function executePlan(deps: WriterDeps, teamId: string, ops: PlannedOp[], tally: RunTally): Promise<void> {
  const writes: WriteOp[] = [];
  for (const op of ops) {
    switch (op.op) {
      case 'unchanged':
        await deps.store.transaction(async (tx) => {
          if (op.remember) {
            await upsertEntityMapping(tx, { teamId, entityType: op.type, wfmId: op.wfmId, shiftsId: op.shiftsId, contentHash: op.hash, wfmVersion: op.version });
          }
          await resolveFailure(tx, teamId, op.type, { wfmId: op.wfmId, shiftsId: op.shiftsId });
          await tx.query(`DELETE FROM sync_intents WHERE team_id = $1 AND entity_type = $2 AND wfm_id = $3`, [teamId, op.type, op.wfmId]);
        });
        addCount(tally.counts, op.type, 'unchanged');
        pushFixed(tally, fixedOf(op, op.shiftsId));
        break;
      case 'forget':
        await deleteEntityMapping(deps.store, teamId, op.type, op.wfmId);
        break;
      case 'invalid':
        await fail(deps, teamId, { type: op.type, wfmId: op.wfmId, shiftsId: null, operation: 'create', subject: op.subject }, { code: op.error.code, status: null, message: op.error.message, attempts: 1, transient: false }, tally);
        break;
      default:
        writes.push(op);
    }
  }

  tally.planned += writes.length;
  // A batch spends its items' tokens at once on Graph's per-team bucket (one second deep):
  // half a second's worth per batch leaves room for network jitter, so no 429s.
  const chunkSize = Math.max(1, Math.min(20, Math.floor(deps.graph.limiter.limits.perTeam / 2)));
  // Updates and deletes whose answer was lost, already looked at once in Shifts (resent at most once).
  const rechecked = new Set<WriteOp>();
  let queue = writes;
  while (queue.length > 0) {
    const next: WriteOp[] = [];
    for (let i = 0; i < queue.length; i += chunkSize) {
      const chunk = queue.slice(i, i + chunkSize);
      const creates = chunk.filter((o) => o.op === 'create');
      if (creates.length > 0) {
        await deps.store.query(
          `INSERT INTO sync_intents (team_id, entity_type, wfm_id)
           SELECT $1, t, w FROM unnest($2::text[], $3::text[]) AS x(t, w) ON CONFLICT DO NOTHING`,
          [teamId, creates.map((o) => o.type), creates.map((o) => o.wfmId)],
        );
      }
      const results = chunk.length === 1 ? [await deps.graph.request(requestFor(teamId, chunk[0]!))] : await deps.graph.batch(chunk.map((o) => requestFor(teamId, o)));
      for (let j = 0; j < chunk.length; j++) {
        const retry = await settle(deps, teamId, chunk[j]!, results[j]!, tally, rechecked);
        if (retry) next.push(retry);
      }
      tally.done += chunk.length;
      await tally.onProgress?.(tally.done, tally.planned);
    }
    queue = next;
  }
}

/**
 * What Shifts holds for an update or delete whose answer was lost: `done` when the write took
 * effect (the item is gone, or its content hashes to what we sent), `resend` when it did not,
 * `unknown` when Shifts cannot be read either (the failure is recorded as usual).
 */
async function recheck(deps: WriterDeps, teamId: string, op: Extract<WriteOp, { op: 'update' | 'delete' }>): Promise<'done' | 'resend' | 'unknown'> {
  const path = `/teams/${encodeURIComponent(teamId)}/schedule/${COLLECTION[op.type]}/${encodeURIComponent(op.shiftsId)}`;
  const seen = await deps.graph.request<Record<string, unknown>>({ method: 'GET', path, teamId });
  if (!seen.ok) {
    if (seen.error.status === 404) return op.op === 'delete' ? 'done' : 'resend';
    return 'unknown';
  }
  const body = seen.value.body ?? {};
  if (op.op === 'delete') return isInactive(op.type, body) ? 'done' : 'resend';
  return contentHash(op.type, body) === op.hash ? 'done' : 'resend';
}

function pushFixed(tally: RunTally, item: FixedItem | null): void {
  if (item) tally.fixed.push(item);
}

/** Records one write's outcome; returns a follow-up op (update of a vanished entity → create). */
async function settle(
  deps: WriterDeps,
  teamId: string,
  op: WriteOp,
  result: Result<GraphResponse, GraphCallError>,
  tally: RunTally,
  rechecked: Set<WriteOp>,
): Promise<WriteOp | null> {
  if (op.type !== 'job' && op.type !== 'timeOffReason') tally.scheduleWrites++;
  if (!result.ok && result.error.status === null && result.error.transient && op.op !== 'create' && !rechecked.has(op)) {
    // The answer was lost (timeout, dropped connection): the write may have happened. Look
    // now rather than leave it for the next run: adopt what Shifts holds, or send it again.
    rechecked.add(op);
    const seen = await recheck(deps, teamId, op);
    if (seen === 'done') result = { ok: true, value: { status: 200, headers: {}, body: op.op === 'update' ? { id: op.shiftsId } : undefined } };
    else if (seen === 'resend') return op;
  }
  if (!result.ok && op.op === 'update' && result.error.status === 404) {
    // Deleted in Shifts behind our back: create it again (and re-point the mapping).
    return { op: 'create', type: op.type, wfmId: op.wfmId, body: op.body, hash: op.hash, version: op.version, subject: op.subject, fix: 'recreated' };
  }
  if (!result.ok && op.op === 'delete' && result.error.status === 404) {
    result = { ok: true, value: { status: 404, headers: {}, body: undefined } };
  }
  if (!result.ok) {
    const operation = op.op;
    await fail(
      deps,
      teamId,
      { type: op.type, wfmId: op.wfmId, shiftsId: op.op === 'create' ? null : op.shiftsId, operation, subject: op.op === 'delete' ? null : op.subject },
      result.error,
      tally,
      // A create that timed out may have happened: keep its intent so the retry adopts it.
      op.op === 'create' && !result.error.transient,
    );
    return null;
  }
  const value = result.value;
  await deps.store.transaction(async (tx: Queryable) => {
    if (op.op === 'delete') {
      if (op.wfmId) await deleteEntityMapping(tx, teamId, op.type, op.wfmId);
    } else {
      const shiftsId = op.op === 'create' ? String((value.body as { id?: unknown } | undefined)?.id ?? '') : op.shiftsId;
      if (!shiftsId) throw new Error(`Graph answered ${op.op} of ${op.type} without an id`);
      await upsertEntityMapping(tx, { teamId, entityType: op.type, wfmId: op.wfmId, shiftsId, contentHash: op.hash, wfmVersion: op.version });
      if (op.op === 'create') {
        await tx.query(`DELETE FROM sync_intents WHERE team_id = $1 AND entity_type = $2 AND wfm_id = $3`, [teamId, op.type, op.wfmId]);
      }
      pushFixed(tally, fixedOf(op, shiftsId));
    }
    await resolveFailure(tx, teamId, op.type, { wfmId: op.wfmId, shiftsId: op.op === 'create' ? null : op.shiftsId });
  });
  if (op.op === 'delete') pushFixed(tally, fixedOf(op, op.shiftsId));
  addCount(tally.counts, op.type, op.op === 'create' ? 'created' : op.op === 'update' ? 'updated' : 'deleted');
  return null;
}

/** Records a write that failed for good: a failure record (and its alert when new), counted in the run. */
export async function fail(
  deps: WriterDeps,
  teamId: string,
  what: { type: string; wfmId: string | null; shiftsId: string | null; operation: 'create' | 'update' | 'delete'; subject: { employeeName: string | null; start: string | null; end: string | null } | null },
  error: GraphCallError,
  tally: RunTally,
  dropIntent = false,
): Promise<void> {
  const { isNew } = await deps.store.transaction(async (tx) => {
    if (dropIntent && what.wfmId) {
      await tx.query(`DELETE FROM sync_intents WHERE team_id = $1 AND entity_type = $2 AND wfm_id = $3`, [teamId, what.type, what.wfmId]);
    }
    return recordFailure(
      tx,
      deps.alerts,
      { teamId, entityType: what.type, wfmId: what.wfmId, shiftsId: what.shiftsId, operation: what.operation, errorCode: error.code, errorMessage: error.message, attempts: error.attempts, subject: what.subject },
      deps.failurePolicy,
    );
  });
  if (isNew) deps.alerts.notify();
  addCount(tally.counts, what.type, 'failed');
  tally.failed++;
  deps.log.warn({ teamId, entityType: what.type, wfmId: what.wfmId, code: error.code, attempts: error.attempts }, 'sync write failed');
}
