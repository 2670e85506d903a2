/**
 * WFM → Graph entity mapping and the content hash that makes writes idempotent. The same
 * projection is applied to what we want to write and to what Shifts currently holds, so one
 * hash comparison answers both "did the WFM change?" and "did someone change Shifts behind
 * our back?" (drift).
 */
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../errors.ts';
import type { WfmActivity, WfmJob, WfmOpenShift, WfmShift, WfmTimeOff, WfmTimeOffReason } from '../wfm/contract.ts';

/** Entity types the engine writes to Shifts, named as in the mapping table. */
export const SYNCED_TYPES = ['job', 'timeOffReason', 'shift', 'openShift', 'timeOff'] as const;
export type SyncedType = (typeof SYNCED_TYPES)[number];

/** Graph collection under `/teams/{id}/schedule/` per synced type. */
export const COLLECTION: Record<SyncedType, string> = {
  job: 'schedulingGroups',
  timeOffReason: 'timeOffReasons',
  shift: 'shifts',
  openShift: 'openShifts',
  timeOff: 'timesOff',
};

/** Types whose DELETE only deactivates (Graph soft delete); they are never hard-deleted by us. */
export const SOFT_DELETED: ReadonlySet<SyncedType> = new Set(['job', 'timeOffReason']);

/** Ids the mapping needs to resolve WFM references into Shifts ids. */
export interface MapContext {
  userIdFor(employeeId: string): string | undefined;
  groupIdFor(jobId: string | null): string | undefined;
  reasonIdFor(reasonId: string): string | undefined;
  /** Write `draft*` items (shared later in one `schedule/share`) instead of `shared*`. */
  drafts: boolean;
}

export interface MapError {
  code: 'UNMAPPED_EMPLOYEE' | 'UNMAPPED_GROUP' | 'UNMAPPED_REASON' | 'INVALID_DURATION';
  message: string;
}

export type GraphBody = Record<string, unknown>;

const TIME_OFF_ICONS = new Set([
  'none', 'car', 'calendar', 'running', 'plane', 'firstAid', 'doctor', 'notWorking', 'clock', 'juryDuty', 'globe',
  'cup', 'phone', 'weather', 'umbrella', 'piggyBank', 'dog', 'cake', 'trafficCone', 'pin', 'sunny',
]);

const iso = (s: string) => new Date(s).toISOString();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function checkDuration(start: string, end: string, what: string, maxMs: number): MapError | null {
  const ms = Date.parse(end) - Date.parse(start);
  if (!(ms >= MINUTE) || ms > maxMs) {
    return { code: 'INVALID_DURATION', message: `${what} must last between 1 minute and ${maxMs / (60 * MINUTE)} hours` };
  }
  return null;
}

function activities(list: WfmActivity[], theme: string) {
  return list.map((a) => ({
    isPaid: a.isPaid,
    code: a.code,
    displayName: a.displayName,
    startDateTime: iso(a.start),
    endDateTime: iso(a.end),
    theme,
  }));
}

export function jobToGraph(job: WfmJob, ctx: MapContext): GraphBody {
  const userIds = [...new Set(job.employeeIds.map((e) => ctx.userIdFor(e)).filter((u): u is string => !!u))].sort();
  return { displayName: job.name, code: job.id, isActive: true, userIds };
}

export function reasonToGraph(reason: WfmTimeOffReason): GraphBody {
  return {
    displayName: reason.name,
    code: reason.id,
    iconType: TIME_OFF_ICONS.has(reason.iconType) ? reason.iconType : 'none',
    isActive: reason.active,
  };
}

/** The fields a Graph shift item and open-shift item share (the hash sorts keys). */
function scheduleItem(s: WfmShift | WfmOpenShift) {
  return {
    displayName: s.label,
    notes: s.notes,
    startDateTime: iso(s.start),
    endDateTime: iso(s.end),
    theme: s.theme,
    activities: activities(s.activities, s.theme),
  };
}

export function shiftToGraph(s: WfmShift, ctx: MapContext): Result<GraphBody, MapError> {
  const userId = ctx.userIdFor(s.employeeId);
  if (!userId) return err({ code: 'UNMAPPED_EMPLOYEE', message: `employee ${s.employeeId} has no Entra user mapping` });
  const groupId = ctx.groupIdFor(s.jobId);
  if (!groupId) return err({ code: 'UNMAPPED_GROUP', message: `job ${s.jobId ?? '(none)'} has no scheduling group yet` });
  const bad = checkDuration(s.start, s.end, 'a shift', DAY);
  if (bad) return err(bad);
  return ok({ userId, schedulingGroupId: groupId, [ctx.drafts ? 'draftShift' : 'sharedShift']: scheduleItem(s) });
}

export function openShiftToGraph(s: WfmOpenShift, ctx: MapContext): Result<GraphBody, MapError> {
  const groupId = ctx.groupIdFor(s.jobId);
  if (!groupId) return err({ code: 'UNMAPPED_GROUP', message: `job ${s.jobId ?? '(none)'} has no scheduling group yet` });
  const bad = checkDuration(s.start, s.end, 'an open shift', DAY);
  if (bad) return err(bad);
  const item = { ...scheduleItem(s), openSlotCount: s.slots };
  return ok({ schedulingGroupId: groupId, [ctx.drafts ? 'draftOpenShift' : 'sharedOpenShift']: item });
}

export function timeOffToGraph(t: WfmTimeOff, ctx: MapContext): Result<GraphBody, MapError> {
  const userId = ctx.userIdFor(t.employeeId);
  if (!userId) return err({ code: 'UNMAPPED_EMPLOYEE', message: `employee ${t.employeeId} has no Entra user mapping` });
  const reasonId = ctx.reasonIdFor(t.reasonId);
  if (!reasonId) return err({ code: 'UNMAPPED_REASON', message: `time-off reason ${t.reasonId} is not in Shifts yet` });
  const bad = checkDuration(t.start, t.end, 'time off', 366 * DAY);
  if (bad) return err(bad);
  const item = { timeOffReasonId: reasonId, startDateTime: iso(t.start), endDateTime: iso(t.end), theme: 'white' };
  return ok({ userId, [ctx.drafts ? 'draftTimeOff' : 'sharedTimeOff']: item });
}

const ITEM_KEYS: Partial<Record<SyncedType, [string, string]>> = {
  shift: ['sharedShift', 'draftShift'],
  openShift: ['sharedOpenShift', 'draftOpenShift'],
  timeOff: ['sharedTimeOff', 'draftTimeOff'],
};

/** Fields we own per type (everything else Shifts returns is ignored when comparing). */
const TOP_FIELDS: Record<SyncedType, string[]> = {
  job: ['displayName', 'code', 'isActive', 'userIds'],
  timeOffReason: ['displayName', 'code', 'iconType', 'isActive'],
  shift: ['userId', 'schedulingGroupId'],
  openShift: ['schedulingGroupId'],
  timeOff: ['userId'],
};
const ITEM_FIELDS: Record<string, string[]> = {
  shift: ['displayName', 'notes', 'startDateTime', 'endDateTime', 'theme', 'activities'],
  openShift: ['displayName', 'notes', 'startDateTime', 'endDateTime', 'theme', 'openSlotCount', 'activities'],
  timeOff: ['timeOffReasonId', 'startDateTime', 'endDateTime', 'theme'],
};
const ACTIVITY_FIELDS = ['isPaid', 'code', 'displayName', 'startDateTime', 'endDateTime', 'theme'];

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    let v = o[k] ?? null;
    if (typeof v === 'string' && /DateTime$/.test(k)) v = iso(v);
    if (k === 'activities' && Array.isArray(v)) v = v.map((a) => pick(a as Record<string, unknown>, ACTIVITY_FIELDS));
    if (k === 'userIds' && Array.isArray(v)) v = [...(v as string[])].sort();
    if ((k === 'displayName' || k === 'notes') && v === '') v = null;
    out[k] = v;
  }
  return out;
}

/**
 * The comparable content of a Graph body or of an entity read from Shifts: our fields only,
 * instants normalised, and the visible item (draft when drafts are on and one exists, else shared).
 */
export function projection(type: SyncedType, body: Record<string, unknown>): Record<string, unknown> {
  const out = pick(body, TOP_FIELDS[type]);
  const keys = ITEM_KEYS[type];
  if (keys) {
    const [shared, draft] = keys;
    const item = (body[draft] ?? body[shared]) as Record<string, unknown> | null | undefined;
    out.item = item ? pick(item, ITEM_FIELDS[type]!) : null;
  }
  return out;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** Stable hash of an entity's comparable content. */
export function contentHash(type: SyncedType, body: Record<string, unknown>): string {
  return createHash('sha256').update(canonical(projection(type, body))).digest('hex').slice(0, 32);
}

/** Whether a Shifts entity is gone for the user (deleted in the UI: `isActive=false` items). */
export function isInactive(type: SyncedType, entity: Record<string, unknown>): boolean {
  if (entity.isStagedForDeletion === true) return true;
  const keys = ITEM_KEYS[type];
  if (!keys) return false;
  const shared = entity[keys[0]] as { isActive?: boolean } | null | undefined;
  const draft = entity[keys[1]] as { isActive?: boolean } | null | undefined;
  return shared?.isActive === false || draft?.isActive === false;
}

/**
 * Key under which a WFM entity and an unmapped Shifts entity are the same thing (adoption):
 * same user (or group), start and end for schedule items; same code or name for groups/reasons.
 */
export function adoptionKeys(type: SyncedType, body: Record<string, unknown>): string[] {
  const p = projection(type, body);
  const item = p.item as Record<string, unknown> | null | undefined;
  switch (type) {
    case 'job':
    case 'timeOffReason': {
      const keys = [`name:${String(p.displayName ?? '').trim().toLowerCase()}`];
      if (p.code) keys.unshift(`code:${String(p.code)}`);
      return keys;
    }
    case 'shift':
    case 'timeOff':
      return item ? [`${String(p.userId)}|${String(item.startDateTime)}|${String(item.endDateTime)}`] : [];
    case 'openShift':
      return item ? [`${String(p.schedulingGroupId)}|${String(item.startDateTime)}|${String(item.endDateTime)}`] : [];
  }
}
