/**
 * Command handlers for shifts, open shifts and time off. Each validates its input against
 * the team, checks the per-command rules (length, locked period, time-off eligibility),
 * writes, and records the change; schedule rules run once the whole batch is applied.
 */
import type { CommandResult, OpenShiftInput, ShiftInput, TimeOffInput, WfmOpenShift, WfmShift, WfmTimeOff } from '../contract.ts';
import { checkTimeOff } from './checks.ts';
import {
  abort,
  checkVersion,
  emitChange,
  employeeOf,
  invalid,
  jobOf,
  lockEmployees,
  nextVersion,
  normIso,
  requireManager,
  result,
  violation,
  type ApplyContext,
} from './context.ts';
import { getReasonRecord } from './repo-reference.ts';
import {
  deleteOpenShiftRow,
  deleteShiftRow,
  deleteTimeOffRow,
  getOpenShift,
  getShift,
  getTimeOff,
  listPendingRequestsForShift,
  saveOpenShift,
  saveRequest,
  saveShift,
  saveTimeOff,
} from './repo-schedule.ts';
import { checkActivities, checkLocked, checkShiftLength } from './rules.ts';

/** LOCKED_PERIOD for instants in this team. */
export function assertUnlocked(ctx: ApplyContext, ...isoStarts: string[]): void {
  const v = checkLocked(isoStarts.map((s) => Date.parse(s)), ctx.now, ctx.team.team.timeZone, ctx.team.rules);
  if (v) violation(v);
}

async function assertEmployeeInTeam(ctx: ApplyContext, employeeId: string) {
  const employee = await employeeOf(ctx, employeeId);
  if (!employee || !employee.teamIds.includes(ctx.team.team.id)) invalid(`Employee ${employeeId} isn't part of this team.`);
  return employee!;
}

async function assertJob(ctx: ApplyContext, jobId: string | null, employee?: { displayName: string; jobIds: string[] }) {
  if (jobId === null) return;
  const job = await jobOf(ctx, jobId);
  if (!job || job.teamId !== ctx.team.team.id) invalid(`Job ${jobId} doesn't exist in this team.`);
  if (employee && !employee.jobIds.includes(jobId)) invalid(`${employee.displayName} isn't set up to work as ${job!.name}.`);
}

function normActivities(a: ShiftInput['activities']): ShiftInput['activities'] {
  return a.map((x) => ({ ...x, start: normIso(x.start), end: normIso(x.end) }));
}

function assertShape(ctx: ApplyContext, start: string, end: string, activities: ShiftInput['activities']): void {
  const s = Date.parse(start);
  const e = Date.parse(end);
  const length = checkShiftLength(s, e, ctx.team.rules);
  if (length) violation(length);
  const acts = checkActivities(s, e, activities);
  if (acts) violation(acts);
}

/** The shift of this team, or NOT_FOUND. */
export async function loadShift(ctx: ApplyContext, id: string): Promise<WfmShift> {
  const s = ctx.shifts ? ctx.shifts.get(id) : await getShift(ctx.q, id, true);
  if (!s || s.teamId !== ctx.team.team.id) return abort('not_found', 'NOT_FOUND', 'This shift no longer exists.');
  return s;
}

/** Writes a shift in its new state, marks it for the schedule rules and records the change. */
export async function writeShift(ctx: ApplyContext, s: WfmShift, op: 'created' | 'updated'): Promise<CommandResult> {
  if (ctx.shifts) ctx.shifts.save(s);
  else await saveShift(ctx.q, s);
  ctx.touchedShifts.set(s.id, ctx.index);
  ctx.shiftStates.set(s.id, s);
  await emitChange(ctx, { entityType: 'shift', id: s.id, teamId: s.teamId, op, entity: s });
  return result('shift', s.id, s.version, op);
}

export async function createShift(ctx: ApplyContext, data: ShiftInput): Promise<CommandResult> {
  requireManager(ctx);
  const employee = await assertEmployeeInTeam(ctx, data.employeeId);
  await assertJob(ctx, data.jobId, employee);
  assertShape(ctx, data.start, data.end, data.activities);
  assertUnlocked(ctx, data.start);
  const shift: WfmShift = {
    ...data,
    id: ctx.newId(),
    version: '1',
    teamId: ctx.team.team.id,
    start: normIso(data.start),
    end: normIso(data.end),
    activities: normActivities(data.activities),
  };
  return writeShift(ctx, shift, 'created');
}

export async function updateShift(ctx: ApplyContext, id: string, expected: string | undefined, data: ShiftInput): Promise<CommandResult> {
  requireManager(ctx);
  const current = await loadShift(ctx, id);
  checkVersion(current, expected);
  const employee = await assertEmployeeInTeam(ctx, data.employeeId);
  await assertJob(ctx, data.jobId, employee);
  assertShape(ctx, data.start, data.end, data.activities);
  assertUnlocked(ctx, current.start, data.start);
  const shift: WfmShift = {
    ...current,
    ...data,
    version: nextVersion(current.version),
    start: normIso(data.start),
    end: normIso(data.end),
    activities: normActivities(data.activities),
  };
  return writeShift(ctx, shift, 'updated');
}

export async function deleteShift(ctx: ApplyContext, id: string, expected: string | undefined): Promise<CommandResult> {
  requireManager(ctx);
  const current = await loadShift(ctx, id);
  checkVersion(current, expected);
  assertUnlocked(ctx, current.start);
  await deleteShiftRow(ctx.q, id);
  ctx.touchedShifts.delete(id);
  ctx.shiftStates.delete(id);
  await emitChange(ctx, { entityType: 'shift', id, teamId: current.teamId, op: 'deleted', entity: current });
  // A swap or offer about a shift that is gone can never be approved: close it now.
  for (const r of await listPendingRequestsForShift(ctx.q, id)) {
    const closed = { ...r, state: 'cancelled' as const, assignedTo: 'system' as const, version: nextVersion(r.version), managerMessage: 'The shift was removed from the schedule.' };
    await saveRequest(ctx.q, closed);
    await emitChange(ctx, { entityType: 'request', id: r.id, teamId: r.teamId, op: 'updated', entity: closed });
  }
  return result('shift', id, current.version, 'deleted');
}

async function loadOpenShift(ctx: ApplyContext, id: string): Promise<WfmOpenShift> {
  const s = await getOpenShift(ctx.q, id, true);
  if (!s || s.teamId !== ctx.team.team.id) return abort('not_found', 'NOT_FOUND', 'This open shift no longer exists.');
  return s;
}

export async function writeOpenShift(ctx: ApplyContext, s: WfmOpenShift, op: 'created' | 'updated'): Promise<CommandResult> {
  await saveOpenShift(ctx.q, s);
  await emitChange(ctx, { entityType: 'openShift', id: s.id, teamId: s.teamId, op, entity: s });
  return result('openShift', s.id, s.version, op);
}

export async function createOpenShift(ctx: ApplyContext, data: OpenShiftInput): Promise<CommandResult> {
  requireManager(ctx);
  await assertJob(ctx, data.jobId);
  assertShape(ctx, data.start, data.end, data.activities);
  assertUnlocked(ctx, data.start);
  const s: WfmOpenShift = {
    ...data,
    id: ctx.newId(),
    version: '1',
    teamId: ctx.team.team.id,
    start: normIso(data.start),
    end: normIso(data.end),
    activities: normActivities(data.activities),
  };
  return writeOpenShift(ctx, s, 'created');
}

export async function updateOpenShift(ctx: ApplyContext, id: string, expected: string | undefined, data: OpenShiftInput): Promise<CommandResult> {
  requireManager(ctx);
  const current = await loadOpenShift(ctx, id);
  checkVersion(current, expected);
  await assertJob(ctx, data.jobId);
  assertShape(ctx, data.start, data.end, data.activities);
  assertUnlocked(ctx, current.start, data.start);
  const s: WfmOpenShift = {
    ...current,
    ...data,
    version: nextVersion(current.version),
    start: normIso(data.start),
    end: normIso(data.end),
    activities: normActivities(data.activities),
  };
  return writeOpenShift(ctx, s, 'updated');
}

export async function deleteOpenShift(ctx: ApplyContext, id: string, expected: string | undefined): Promise<CommandResult> {
  requireManager(ctx);
  const current = await loadOpenShift(ctx, id);
  checkVersion(current, expected);
  assertUnlocked(ctx, current.start);
  await deleteOpenShiftRow(ctx.q, id);
  await emitChange(ctx, { entityType: 'openShift', id, teamId: current.teamId, op: 'deleted', entity: current });
  return result('openShift', id, current.version, 'deleted');
}

async function loadTimeOff(ctx: ApplyContext, id: string): Promise<WfmTimeOff> {
  const t = await getTimeOff(ctx.q, id, true);
  if (!t || t.teamId !== ctx.team.team.id) return abort('not_found', 'NOT_FOUND', 'This time off no longer exists.');
  return t;
}

/** Eligibility, balance, period and lock checks shared by direct time off and approved requests. */
export async function assertTimeOffAllowed(ctx: ApplyContext, data: TimeOffInput, excludeId?: string): Promise<void> {
  const employee = await assertEmployeeInTeam(ctx, data.employeeId);
  // The balance is per employee: concurrent bookings for the same person queue here.
  await lockEmployees(ctx, [employee.id]);
  const reason = await getReasonRecord(ctx.q, data.reasonId);
  if (!reason) invalid(`Time-off reason ${data.reasonId} doesn't exist.`);
  const start = Date.parse(data.start);
  const end = Date.parse(data.end);
  if (!(end > start)) invalid('Time off has to end after it starts.');
  assertUnlocked(ctx, data.start);
  const v = await checkTimeOff(ctx.q, ctx.team, employee, reason!, start, end, excludeId);
  if (v) violation(v);
}

export async function writeTimeOff(ctx: ApplyContext, t: WfmTimeOff, op: 'created' | 'updated'): Promise<CommandResult> {
  await saveTimeOff(ctx.q, t);
  await emitChange(ctx, { entityType: 'timeOff', id: t.id, teamId: t.teamId, op, entity: t });
  return result('timeOff', t.id, t.version, op);
}

export async function createTimeOff(ctx: ApplyContext, data: TimeOffInput): Promise<CommandResult> {
  requireManager(ctx);
  await assertTimeOffAllowed(ctx, data);
  const t: WfmTimeOff = { ...data, id: ctx.newId(), version: '1', teamId: ctx.team.team.id, start: normIso(data.start), end: normIso(data.end) };
  return writeTimeOff(ctx, t, 'created');
}

export async function updateTimeOff(ctx: ApplyContext, id: string, expected: string | undefined, data: TimeOffInput): Promise<CommandResult> {
  requireManager(ctx);
  const current = await loadTimeOff(ctx, id);
  checkVersion(current, expected);
  assertUnlocked(ctx, current.start);
  await assertTimeOffAllowed(ctx, data, id);
  const t: WfmTimeOff = { ...current, ...data, version: nextVersion(current.version), start: normIso(data.start), end: normIso(data.end) };
  return writeTimeOff(ctx, t, 'updated');
}

export async function deleteTimeOff(ctx: ApplyContext, id: string, expected: string | undefined): Promise<CommandResult> {
  requireManager(ctx);
  const current = await loadTimeOff(ctx, id);
  checkVersion(current, expected);
  assertUnlocked(ctx, current.start);
  await deleteTimeOffRow(ctx.q, id);
  await emitChange(ctx, { entityType: 'timeOff', id, teamId: current.teamId, op: 'deleted', entity: current });
  return result('timeOff', id, current.version, 'deleted');
}
