/**
 * What every command handler of the embedded WFM works with: the transaction, the team, the
 * clock, who is acting and from where, and what the batch touched so far.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../store/index.ts';
import type { Actor, CommandResult, Origin, WfmChange, WfmEmployee, WfmError, WfmShift } from '../contract.ts';
import { insertChanges } from './repo-schedule.ts';
import { getEmployee, getJob, type TeamRecord } from './repo-reference.ts';

/**
 * Thrown inside the write transaction to roll it back with a typed error; `applyCommands`
 * turns it into the `Result` callers see. It never escapes the embedded WFM.
 */
export class Abort extends Error {
  constructor(readonly wfmError: WfmError) {
    super(wfmError.message);
    this.name = 'Abort';
  }
}

export const abort = (kind: WfmError['kind'], code: string, message: string): never => {
  throw new Abort({ kind, code, message } as WfmError);
};
export const violation = (v: { code: string; message: string }): never => abort('rule_violation', v.code, v.message);
export const invalid = (message: string): never => abort('rule_violation', 'INVALID_INPUT', message);

export interface ApplyContext {
  q: Queryable;
  /**
   * True on a server (PostgreSQL) where write transactions run concurrently and must take
   * per-employee locks before checking rules; false on PGlite, whose single connection runs
   * one transaction at a time.
   */
  concurrent: boolean;
  /** Employees whose rule lock this transaction holds. */
  lockedEmployees: Set<string>;
  team: TeamRecord;
  now: number;
  origin: Origin;
  actor: Actor;
  /** Index of the command being applied. */
  index: number;
  /** Shifts created or changed by the batch, with the index of the command that did it. */
  touchedShifts: Map<string, number>;
  /** The touched shifts in their state after the batch (no re-read for the rule check). */
  shiftStates: Map<string, WfmShift>;
  /** Changes of the batch, appended to the feed in order when the batch commits. */
  changes: WfmChange[];
  /** Employees and jobs read so far in this transaction (null: does not exist). */
  employees: Map<string, WfmEmployee | null>;
  jobs: Map<string, WfmJobRef | null>;
  /**
   * Where shifts are read and written. Absent: the transaction (`q`). The batched path
   * (`apply-batch.ts`) serves them from what it loaded for the whole batch and writes them
   * all at once afterwards.
   */
  shifts?: ShiftAccess;
  newId(): string;
}

/** Shift reads and writes of a command handler, when they do not go to `q` directly. */
export interface ShiftAccess {
  get(id: string): WfmShift | undefined;
  save(shift: WfmShift): void;
}

export function createContext(q: Queryable, team: TeamRecord, now: number, origin: Origin, actor: Actor, concurrent: boolean): ApplyContext {
  return {
    q,
    concurrent,
    lockedEmployees: new Set(),
    team,
    now,
    origin,
    actor,
    index: 0,
    touchedShifts: new Map(),
    shiftStates: new Map(),
    changes: [],
    employees: new Map(),
    jobs: new Map(),
    newId: () => randomUUID(),
  };
}

/** A job as the write path checks it. */
export interface WfmJobRef {
  id: string;
  teamId: string;
  name: string;
}

/** An employee, read once per transaction (the batch's own are preloaded with the team). */
export async function employeeOf(ctx: ApplyContext, id: string): Promise<WfmEmployee | undefined> {
  if (!ctx.employees.has(id)) ctx.employees.set(id, (await getEmployee(ctx.q, id)) ?? null);
  return ctx.employees.get(id) ?? undefined;
}

/** A job, read once per transaction. */
export async function jobOf(ctx: ApplyContext, id: string): Promise<WfmJobRef | undefined> {
  if (!ctx.jobs.has(id)) ctx.jobs.set(id, (await getJob(ctx.q, id)) ?? null);
  return ctx.jobs.get(id) ?? undefined;
}

/** Queues a change for the feed at the writer's clock (written by `flushChanges`). */
export async function emitChange(ctx: ApplyContext, change: Omit<WfmChange, 'origin' | 'at'>): Promise<void> {
  ctx.changes.push({ ...change, origin: ctx.origin, at: new Date(ctx.now).toISOString() } as WfmChange);
  return Promise.resolve();
}

/** Lock class of per-employee rule locks (two-key advisory locks; the feed lock is one-key). */
const EMPLOYEE_LOCK_CLASS = 0x77_66_6d_65;

/**
 * Takes the transaction-scoped rule lock of each employee not yet held, in hash order, so two
 * batches touching the same person's schedule (overlap, rest, weekly hours, balances) check
 * and write one after the other while different people's changes run in parallel. A
 * deadlock between batches that lock in several steps is detected by PostgreSQL and retried.
 */
export async function lockEmployees(ctx: ApplyContext, employeeIds: readonly string[]): Promise<void> {
  const wanted = [...new Set(employeeIds)].filter((id) => !ctx.lockedEmployees.has(id));
  if (wanted.length === 0) return;
  for (const id of wanted) ctx.lockedEmployees.add(id);
  if (ctx.concurrent) await lockEmployeeRules(ctx.q, wanted);
}

/** The rule locks of these employees for the rest of the transaction, in hash order (a server only). */
export async function lockEmployeeRules(q: Queryable, employeeIds: readonly string[]): Promise<void> {
  if (employeeIds.length === 0) return;
  await q.query(
    `SELECT pg_advisory_xact_lock($1, h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($2::text[]) AS k ORDER BY 1) AS s`,
    [EMPLOYEE_LOCK_CLASS, [...employeeIds]],
  );
}

/** Rolls the batch back with a schedule rule's violation, naming the command that broke it. */
export function abortScheduleViolation(ctx: ApplyContext, v: { spanId: string; code: string; message: string }): never {
  throw new Abort({ kind: 'rule_violation', code: v.code, message: v.message, commandIndex: ctx.touchedShifts.get(v.spanId) ?? ctx.index });
}

/**
 * Appends the batch's changes to the feed as its last statement. On a server it first takes
 * the feed lock in shared mode (held until commit): writers still append and commit in
 * parallel, while a feed reader takes the same lock exclusively, which waits until every
 * batch that already holds a sequence number has committed or rolled back. So a reader never
 * sees sequence n while a smaller one is still to be committed (no gap that fills later).
 */
export async function flushChanges(ctx: ApplyContext, feedLock: number): Promise<void> {
  if (ctx.changes.length === 0) return;
  if (ctx.concurrent) await ctx.q.query('SELECT pg_advisory_xact_lock_shared($1)', [feedLock]);
  await insertChanges(ctx.q, ctx.changes);
}

/** Conflict unless the caller's eTag matches the stored version. */
export function checkVersion(current: { version: string }, expected: string | undefined): void {
  if (expected !== undefined && expected !== current.version) {
    abort('conflict', 'STALE_VERSION', 'Someone else changed this in the meantime. Refresh and try again.');
  }
}

export function nextVersion(v: string): string {
  return String(Number(v) + 1);
}

export function result(entityType: CommandResult['entityType'], id: string, version: string, op: CommandResult['op']): CommandResult {
  return { entityType, id, version, op };
}

/** Schedule edits are for managers (and the WFM itself); workers change shifts through requests. */
export function requireManager(ctx: ApplyContext): void {
  if (ctx.actor.role === 'worker') {
    abort('not_allowed', 'NOT_ALLOWED', 'Only a manager can change the schedule directly. Send a request instead.');
  }
}

/** Normalises an ISO instant to milliseconds and `Z`. */
export function normIso(v: string): string {
  return new Date(Date.parse(v)).toISOString();
}
