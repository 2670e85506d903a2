/**
 * Applies a batch of commands to the embedded WFM atomically: one transaction, each command
 * checked as it is applied and the schedule rules checked on the resulting state. Any failure
 * rolls everything back and names the failing command. Concurrency (PostgreSQL): entities are
 * read `FOR UPDATE`, rules run under per-employee locks, and the change feed is appended last
 * under one short feed lock; PGlite runs one transaction at a time and needs none of them.
 */
import { err, ok, type Result } from '../../errors.ts';
import type { Queryable, Store } from '../../store/index.ts';
import { DEADLINE_PASSED, type Actor, type ApplyOutcome, type CommandOptions, type CommandResult, type Origin, type WfmCommand, type WfmError } from '../contract.ts';
import { commandSchema } from '../schemas.ts';
import { checkCandidates, toSpan } from './checks.ts';
import { Abort, abortScheduleViolation, createContext, flushChanges, lockEmployees, type ApplyContext } from './context.ts';
import {
  createOpenShift,
  createShift,
  createTimeOff,
  deleteOpenShift,
  deleteShift,
  deleteTimeOff,
  updateOpenShift,
  updateShift,
  updateTimeOff,
} from './apply-schedule.ts';
import { createRequest, transitionRequest } from './apply-requests.ts';
import { loadApplyReference } from './repo-reference.ts';

/**
 * The change-feed lock ("wfmwrite"). Write batches hold it shared from their feed append to
 * their commit; `changesSince` takes it exclusively for a moment before reading, so it reads
 * only once every allocated sequence number is committed or rolled back (a gap-free feed).
 * Seeding and reason edits hold it exclusively for their whole transaction.
 */
export const WFM_WRITE_LOCK = 0x77_66_6d_77;

async function applyOne(ctx: ApplyContext, c: WfmCommand): Promise<CommandResult> {
  switch (c.kind) {
    case 'shift.create':
      return createShift(ctx, c.data);
    case 'shift.update':
      return updateShift(ctx, c.id, c.expectedVersion, c.data);
    case 'shift.delete':
      return deleteShift(ctx, c.id, c.expectedVersion);
    case 'openShift.create':
      return createOpenShift(ctx, c.data);
    case 'openShift.update':
      return updateOpenShift(ctx, c.id, c.expectedVersion, c.data);
    case 'openShift.delete':
      return deleteOpenShift(ctx, c.id, c.expectedVersion);
    case 'timeOff.create':
      return createTimeOff(ctx, c.data);
    case 'timeOff.update':
      return updateTimeOff(ctx, c.id, c.expectedVersion, c.data);
    case 'timeOff.delete':
      return deleteTimeOff(ctx, c.id, c.expectedVersion);
    case 'request.create':
      return createRequest(ctx, c.data);
    case 'request.transition':
      return transitionRequest(ctx, c.id, c.expectedVersion, c.transition, c.message);
  }
}

/** Runs the commands in order through their handlers; a failure names the command (`commandIndex`). */
export async function runCommands(ctx: ApplyContext, commands: readonly WfmCommand[]): Promise<CommandResult[]> {
  const out: CommandResult[] = [];
  for (const [i, c] of commands.entries()) {
    ctx.index = i;
    try {
      out.push(await applyOne(ctx, c));
    } catch (e) {
      if (e instanceof Abort && e.wfmError.commandIndex === undefined) throw new Abort({ ...e.wfmError, commandIndex: i });
      throw e;
    }
  }
  return out;
}

/** OVERLAP, MIN_REST and MAX_WEEKLY_HOURS on every shift the batch left in place. */
async function checkTouched(ctx: ApplyContext): Promise<void> {
  const spans = [...ctx.shiftStates.values()].map(toSpan);
  if (spans.length === 0) return;
  // The rules are per employee: hold each affected person's lock while reading their schedule.
  await lockEmployees(ctx, spans.map((s) => s.employeeId));
  const v = await checkCandidates(ctx.q, spans, [], [], [ctx.team]);
  if (v) abortScheduleViolation(ctx, v);
}

export interface ApplyOptions {
  store: Store;
  now: () => Date;
  origin: Origin;
}

/**
 * Validates and applies `commands` for `teamId`. Returns one result per command, or the first
 * error with `commandIndex` set; nothing is written on error.
 */
export async function applyCommands(
  opts: ApplyOptions,
  teamId: string,
  commands: unknown[],
  actor: Actor,
  andThen?: AndThen,
  control: CommandOptions = {},
): Promise<Result<CommandResult[], WfmError>> {
  const checked = parseCommands(commands);
  if (!checked.ok) return checked;
  const parsed = checked.value;
  if (parsed.length === 0) return ok([]);
  const { idempotencyKey: key } = control;
  const notAfter = control.notAfter === undefined ? undefined : Date.parse(control.notAfter);
  if (notAfter !== undefined && Number.isNaN(notAfter)) {
    return err({ kind: 'rule_violation', code: 'INVALID_INPUT', message: `notAfter ${control.notAfter} is not an instant.` });
  }
  const concurrent = opts.store.kind !== 'pglite';
  for (let attempt = 1; ; attempt++) {
    if (key) {
      const before = await appliedUnder(opts.store, teamId, key);
      if (before) return ok(before);
    }
    if (notAfter !== undefined && opts.now().getTime() > notAfter) return err(deadlinePassed());
    try {
      return ok(
        await opts.store.transaction(async (q) => {
          const results = await applyInTransaction(q, opts, teamId, parsed, actor, concurrent);
          if (andThen) await andThen(q, results);
          if (key) {
            const fresh = await q.query(
              `INSERT INTO wfm_applied_commands (team_id, idempotency_key, results) VALUES ($1, $2, $3::jsonb)
               ON CONFLICT DO NOTHING RETURNING 1`,
              [teamId, key, JSON.stringify(results)],
            );
            // The same key committed meanwhile (a concurrent copy): roll this one back, replay that.
            if (fresh.length === 0) throw new KeyTakenMeanwhile();
          }
          // Last, just before COMMIT: a batch whose deadline passed while it ran is not kept.
          if (notAfter !== undefined && opts.now().getTime() > notAfter) throw new Abort(deadlinePassed());
          return results;
        }),
      );
    } catch (e) {
      if (e instanceof KeyTakenMeanwhile) continue;
      if (e instanceof Abort) return err(e.wfmError);
      // Two batches that took their row and employee locks in opposite orders: PostgreSQL
      // aborts one of them; nothing of it was written, so run it again.
      if (attempt < MAX_ATTEMPTS && isRetryable(e)) continue;
      throw e;
    }
  }
}

/** What became of the batch sent under `key` (the contract's `applyOutcome`). */
export async function applyOutcomeOf(q: Queryable, teamId: string, key: string): Promise<ApplyOutcome> {
  const results = await appliedUnder(q, teamId, key);
  return results ? { state: 'applied', results } : { state: 'not_applied' };
}

/** Records the keys of a group commit's applied items with their results (in its transaction). */
export async function recordAppliedKeys(
  q: Queryable,
  items: ReadonlyArray<{ teamId: string; idempotencyKey?: string }>,
  results: ReadonlyArray<Result<CommandResult[], WfmError>>,
): Promise<void> {
  const rows = items.flatMap((item, i) => {
    const r = results[i];
    return item.idempotencyKey && r?.ok ? [{ team_id: item.teamId, k: item.idempotencyKey, r: r.value }] : [];
  });
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO wfm_applied_commands (team_id, idempotency_key, results)
     SELECT v.team_id, v.k, v.r FROM json_to_recordset($1::json) AS v(team_id text, k text, r jsonb) ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

async function appliedUnder(q: Queryable, teamId: string, key: string): Promise<CommandResult[] | undefined> {
  const rows = await q.query<{ results: CommandResult[] }>('SELECT results FROM wfm_applied_commands WHERE team_id = $1 AND idempotency_key = $2', [teamId, key]);
  return rows[0]?.results;
}

const deadlinePassed = (): WfmError => ({
  kind: 'unavailable',
  code: DEADLINE_PASSED,
  message: 'The change reached the workforce system after its deadline and was not applied. Please try again.',
});

class KeyTakenMeanwhile extends Error {}

/** Validates commands against the contract; the first invalid one fails with its index. */
export function parseCommands(commands: readonly unknown[]): Result<WfmCommand[], WfmError> {
  const out: WfmCommand[] = [];
  for (const [i, c] of commands.entries()) {
    const p = commandSchema.safeParse(c);
    if (!p.success) {
      const issue = p.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return err({ kind: 'rule_violation', code: 'INVALID_INPUT', message: `${where}${issue?.message ?? 'invalid command'}`, commandIndex: i });
    }
    out.push(p.data);
  }
  return ok(out);
}

/**
 * Work the caller does in the same transaction after a successful batch (the webhook records
 * its decision with the change). If it throws, the batch is rolled back and the error passes
 * through unchanged.
 */
export type AndThen = (q: Queryable, results: CommandResult[]) => Promise<void>;

const MAX_ATTEMPTS = 4;

/** Employee and job ids the commands name directly (preloaded; others are read on demand). */
function namedReferences(commands: readonly WfmCommand[]): { employeeIds: string[]; jobIds: string[] } {
  const employees = new Set<string>();
  const jobs = new Set<string>();
  for (const c of commands) {
    if (!('data' in c)) continue;
    const d = c.data as { employeeId?: unknown; jobId?: unknown; senderEmployeeId?: unknown; recipientEmployeeId?: unknown };
    for (const v of [d.employeeId, d.senderEmployeeId, d.recipientEmployeeId]) if (typeof v === 'string') employees.add(v);
    if (typeof d.jobId === 'string') jobs.add(d.jobId);
  }
  return { employeeIds: [...employees], jobIds: [...jobs] };
}

function isRetryable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** One attempt of a batch inside the caller's transaction; throws `Abort` to roll back. */
async function applyInTransaction(
  q: Queryable,
  opts: ApplyOptions,
  teamId: string,
  commands: readonly WfmCommand[],
  actor: Actor,
  concurrent: boolean,
): Promise<CommandResult[]> {
  // The team, and the employees and jobs the commands name, in one round trip.
  const named = namedReferences(commands);
  const ref = await loadApplyReference(q, teamId, named.employeeIds, named.jobIds);
  const team = ref.team;
  if (!team) throw new Abort({ kind: 'not_found', code: 'NOT_FOUND', message: `Team ${teamId} doesn't exist in the WFM.` });
  const ctx = createContext(q, team, opts.now().getTime(), opts.origin, actor, concurrent);
  for (const id of named.employeeIds) ctx.employees.set(id, ref.employees.find((e) => e.id === id) ?? null);
  for (const id of named.jobIds) ctx.jobs.set(id, ref.jobs.find((j) => j.id === id) ?? null);
  const out = await runCommands(ctx, commands);
  await checkTouched(ctx);
  await flushChanges(ctx, WFM_WRITE_LOCK);
  return out;
}
