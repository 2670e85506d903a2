/**
 * Group commit for the commonest Shifts changes: several requests' shift creations and edits
 * validated together and written in one transaction with a handful of statements.
 *
 * Why: on the embedded store every statement costs a round trip into PGlite and the executor's
 * fixed overhead, so one request alone needed about ten of them. Here a batch of requests
 * costs four reads (teams/employees/jobs, the shifts being edited, each employee's
 * neighbouring shifts, and rarely other teams' rules) and two writes, whatever its size.
 *
 * Semantics are those of `applyCommands`, request by request, in order: the same command
 * handlers run (their shift reads and writes served from the batch's working set), and the
 * schedule rules see every shift the earlier requests of the batch left in place. A request
 * that fails leaves nothing behind and does not affect the others.
 */
import { err, ok, type Result } from '../../errors.ts';
import type { Queryable } from '../../store/index.ts';
import type { Actor, CommandResult, Origin, WfmChange, WfmCommand, WfmError, WfmShift } from '../contract.ts';
import { toSpan } from './checks.ts';
import { parseCommands, runCommands, WFM_WRITE_LOCK } from './apply.ts';
import { Abort, abortScheduleViolation, createContext, lockEmployeeRules, type ApplyContext } from './context.ts';
import { listTeamRecords, loadBatchReference, type ReferenceCache, type TeamRecord } from './repo-reference.ts';
import { getShifts, listShiftSpansInWindows, saveShiftsWithChanges, type ShiftSpanRow } from './repo-schedule.ts';
import { checkSchedule, type Span } from './rules.ts';
import { localWeekBounds } from '../time.ts';

/** One request of a batch: a team's commands, applied atomically. */
export interface BatchItem {
  teamId: string;
  commands: unknown[];
  actor: Actor;
  /** Recorded with the results when applied (see `CommandOptions.idempotencyKey`). */
  idempotencyKey?: string;
}

const BATCHED_KINDS = new Set<string>(['shift.create', 'shift.update']);

/** True when every command is one the batched path applies (the rest go through `applyCommands`). */
export function isBatchable(commands: readonly unknown[]): boolean {
  return commands.length > 0 && commands.every((c) => typeof c === 'object' && c !== null && BATCHED_KINDS.has((c as { kind?: unknown }).kind as string));
}

/**
 * The other shifts the schedule rules can involve for a shift `[start, end)` of `team`: those
 * within the minimum rest of it (OVERLAP, MIN_REST) and those in the local weeks it touches
 * (MAX_WEEKLY_HOURS). An empty or unparsable range reaches nothing (its command fails first).
 */
function neighbourhood(start: number, end: number, team: TeamRecord): { from: number; to: number } {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return { from: start || 0, to: start || 0 };
  const rest = team.rules.minRestHours * 3_600_000;
  const zone = team.team.timeZone;
  return {
    from: Math.min(start - rest, localWeekBounds(start, zone).start),
    to: Math.max(end + rest, localWeekBounds(end - 1, zone).end),
  };
}

/** Any statement a handler tries to send here is a bug in the batched path: fail the batch loudly. */
const NO_QUERIES: Queryable = {
  query: (sql) => Promise.reject(new Error(`the batched WFM path read the store unexpectedly: ${sql.slice(0, 60)}`)),
  exec: () => Promise.reject(new Error('the batched WFM path wrote to the store unexpectedly')),
};

/**
 * Applies each item's commands inside the caller's transaction `q`. `concurrent` (PostgreSQL)
 * takes the same row, employee and feed locks as `applyCommands`; PGlite runs one transaction
 * at a time and needs none. `reference` keeps teams, employees and jobs between batches (only
 * for a store no other process writes). Returns one result per item; an item's error has `commandIndex`
 * set like `applyCommands`.
 */
export async function applyBatchInTransaction(
  q: Queryable,
  opts: { now: () => Date; origin: Origin; concurrent: boolean; reference?: ReferenceCache | undefined },
  items: readonly BatchItem[],
): Promise<Array<Result<CommandResult[], WfmError>>> {
  const results: Array<Result<CommandResult[], WfmError>> = [];
  const parsed: Array<WfmCommand[] | undefined> = [];
  for (const [n, item] of items.entries()) {
    const commands = parseCommands(item.commands);
    if (!commands.ok) results[n] = commands;
    else if (!isBatchable(commands.value)) throw new Error('applyBatchInTransaction was given a command it does not apply');
    parsed[n] = commands.ok ? commands.value : undefined;
  }

  // Everything the handlers and rules will read, for the whole batch.
  const teamIds = new Set<string>();
  const employeeIds = new Set<string>();
  const jobIds = new Set<string>();
  const editedIds = new Set<string>();
  const windows = new Map<string, { from: number; to: number }>();
  items.forEach((item, n) => {
    if (!parsed[n]) return;
    teamIds.add(item.teamId);
    for (const c of parsed[n]) {
      if (c.kind === 'shift.update') editedIds.add(c.id);
      if (c.kind !== 'shift.create' && c.kind !== 'shift.update') continue;
      employeeIds.add(c.data.employeeId);
      if (c.data.jobId !== null) jobIds.add(c.data.jobId);
    }
  });
  const ref = await (opts.reference ? opts.reference.load(q, [...teamIds], [...employeeIds], [...jobIds]) : loadBatchReference(q, [...teamIds], [...employeeIds], [...jobIds]));
  const teams = new Map(ref.teams.map((t) => [t.team.id, t]));
  items.forEach((item, n) => {
    const team = teams.get(item.teamId);
    if (!parsed[n] || !team) return;
    for (const c of parsed[n]) {
      if (c.kind !== 'shift.create' && c.kind !== 'shift.update') continue;
      const reach = neighbourhood(Date.parse(c.data.start), Date.parse(c.data.end), team);
      const w = windows.get(c.data.employeeId);
      windows.set(c.data.employeeId, w ? { from: Math.min(w.from, reach.from), to: Math.max(w.to, reach.to) } : reach);
    }
  });
  const employees = new Map(ref.employees.map((e) => [e.id, e]));
  const jobs = new Map(ref.jobs.map((j) => [j.id, j]));

  /** Shifts the handlers read and write, as the batch has left them so far (stored, then earlier items' writes). */
  const state = new Map<string, WfmShift>();
  /** Every shift the rules look at, as the batch has left them so far (neighbours, then earlier items' writes). */
  const spans = new Map<string, ShiftSpanRow>();
  // On a server, lock as the one-request path does, in its order: the rows being edited, then
  // the rule lock of every person whose schedule is checked (concurrent writers wait; a
  // deadlock with one aborts this batch, and the caller answers its requests one by one).
  for (const s of await getShifts(q, [...editedIds], opts.concurrent)) state.set(s.id, s);
  const stored = new Set(state.keys());
  if (opts.concurrent) await lockEmployeeRules(q, [...employeeIds]);
  for (const s of await listShiftSpansInWindows(q, [...windows].map(([employeeId, w]) => ({ employeeId, ...w })))) spans.set(s.id, s);
  // An edited shift outside every window (it moves far) still occupies its old place until replaced.
  for (const s of state.values()) if (!spans.has(s.id)) spans.set(s.id, s);
  if ([...spans.values()].some((s) => !teams.has(s.teamId))) {
    // An employee also works in another team: its zone and rules matter for the weekly total.
    for (const t of await listTeamRecords(q)) teams.set(t.team.id, t);
  }

  const written = new Map<string, WfmShift>();
  const changes: WfmChange[] = [];
  const now = opts.now().getTime();
  for (const [n, item] of items.entries()) {
    const commands = parsed[n];
    if (!commands) continue;
    const team = teams.get(item.teamId);
    if (!team) {
      results[n] = err({ kind: 'not_found', code: 'NOT_FOUND', message: `Team ${item.teamId} doesn't exist in the WFM.` });
      continue;
    }
    const mine = new Map<string, WfmShift>();
    const ctx = createContext(NO_QUERIES, team, now, opts.origin, item.actor, false);
    for (const id of employeeIds) ctx.employees.set(id, employees.get(id) ?? null);
    for (const id of jobIds) ctx.jobs.set(id, jobs.get(id) ?? null);
    ctx.shifts = { get: (id) => mine.get(id) ?? state.get(id), save: (s) => void mine.set(s.id, s) };
    try {
      const out = await applyItem(ctx, commands, teams, spans, mine);
      for (const [id, s] of mine) {
        state.set(id, s);
        spans.set(id, s);
        written.set(id, s);
      }
      changes.push(...ctx.changes);
      results[n] = ok(out);
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
      results[n] = err(e.wfmError);
    }
  }

  // Feed order is the order the items were applied in (on a server, under the feed lock
  // shared, as `flushChanges`: a feed reader never sees a gap that fills later).
  if (opts.concurrent && changes.length > 0) await q.query('SELECT pg_advisory_xact_lock_shared($1)', [WFM_WRITE_LOCK]);
  await saveShiftsWithChanges(q, [...written.values()], new Set([...written.keys()].filter((id) => !stored.has(id))), changes);
  // Every item got a result above (the array is filled in item order, with no holes left).
  return items.map((_, n) => results[n]!);
}

/** One item's commands through the regular handlers (`runCommands`), then the schedule rules on its result. */
async function applyItem(
  ctx: ApplyContext,
  commands: readonly WfmCommand[],
  teams: ReadonlyMap<string, TeamRecord>,
  spans: ReadonlyMap<string, ShiftSpanRow>,
  mine: ReadonlyMap<string, WfmShift>,
): Promise<CommandResult[]> {
  const out = await runCommands(ctx, commands);
  // As `checkTouched`: OVERLAP, MIN_REST and MAX_WEEKLY_HOURS on the shifts this item left in place.
  const candidates = [...ctx.shiftStates.values()].map(toSpan);
  const people = new Set(candidates.map((c) => c.employeeId));
  const all: Span[] = [];
  for (const s of spans.values()) if (people.has(s.employeeId) && !mine.has(s.id)) all.push(toSpan(s));
  for (const s of mine.values()) if (people.has(s.employeeId)) all.push(toSpan(s));
  const v = checkSchedule(candidates, all, {
    rulesOf: (teamId) => teams.get(teamId)!.rules,
    zoneOf: (teamId) => teams.get(teamId)!.team.timeZone,
    nameOf: (id) => (ctx.employees.get(id)?.displayName ?? id),
  });
  if (v) abortScheduleViolation(ctx, v);
  return out;
}
