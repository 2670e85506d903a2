/**
 * Reading both sides for a diff: what the WFM wants in Shifts (as Graph bodies) and what
 * Shifts holds in the sync window.
 */
import { err, ok, type Result } from '../errors.ts';
import type { GraphCallError, GraphClient } from '../graph/index.ts';
import type { WfmAdapter, WfmError, WfmOpenShift, WfmShift, WfmTimeOff, Window } from '../wfm/contract.ts';
import { addDays, localDate, startOfLocalDay } from '../wfm/time.ts';
import { COLLECTION, openShiftToGraph, shiftToGraph, timeOffToGraph, type MapContext, type SyncedType } from './entities.ts';
import type { Desired, Observed } from './plan.ts';

export type ScheduleType = Extract<SyncedType, 'shift' | 'openShift' | 'timeOff'>;
export const SCHEDULE_TYPES: readonly ScheduleType[] = ['shift', 'openShift', 'timeOff'];

/** `[today 00:00, today + days + 1 day)` in the team's zone, as UTC instants. */
export function syncWindow(nowMs: number, timeZone: string, days: number): Window {
  const today = localDate(nowMs, timeZone);
  return {
    start: new Date(startOfLocalDay(today, timeZone)).toISOString(),
    end: new Date(startOfLocalDay(addDays(today, days + 1), timeZone)).toISOString(),
  };
}

/**
 * Both sides use containment (start ≥ window start, end ≤ window end): an item straddling an
 * edge is left alone on both sides rather than seen on one and missed on the other.
 */
export function inWindow(start: string, end: string, w: Window): boolean {
  return Date.parse(start) >= Date.parse(w.start) && Date.parse(end) <= Date.parse(w.end);
}

export type ScheduleEntity = WfmShift | WfmOpenShift | WfmTimeOff;

export function desiredOf(type: ScheduleType, e: ScheduleEntity, ctx: MapContext, names: Map<string, string>): Desired {
  const mapped =
    type === 'shift' ? shiftToGraph(e as WfmShift, ctx) : type === 'openShift' ? openShiftToGraph(e as WfmOpenShift, ctx) : timeOffToGraph(e as WfmTimeOff, ctx);
  const employeeId = 'employeeId' in e ? e.employeeId : null;
  return {
    wfmId: e.id,
    version: e.version,
    body: mapped.ok ? mapped.value : null,
    error: mapped.ok ? null : mapped.error,
    subject: { employeeName: employeeId ? (names.get(employeeId) ?? null) : null, start: e.start, end: e.end },
  };
}

/** WFM schedule items of one type contained in the window. */
export async function listWfm(adapter: WfmAdapter, type: ScheduleType, wfmTeamId: string, w: Window): Promise<Result<ScheduleEntity[], WfmError>> {
  const r: Result<ScheduleEntity[], WfmError> =
    type === 'shift' ? await adapter.listShifts(wfmTeamId, w) : type === 'openShift' ? await adapter.listOpenShifts(wfmTeamId, w) : await adapter.listTimesOff(wfmTeamId, w);
  if (!r.ok) return r;
  return ok(r.value.filter((e) => inWindow(e.start, e.end, w)));
}

const ITEM: Record<ScheduleType, [string, string]> = {
  shift: ['sharedShift', 'draftShift'],
  openShift: ['sharedOpenShift', 'draftOpenShift'],
  timeOff: ['sharedTimeOff', 'draftTimeOff'],
};

/** Shifts items of one type contained in the window (shared or draft), paging to the end. */
export async function listShifts(graph: GraphClient, type: ScheduleType, teamId: string, w: Window, drafts: boolean): Promise<Result<Observed[], GraphCallError>> {
  const base = `/teams/${encodeURIComponent(teamId)}/schedule/${COLLECTION[type]}`;
  const [shared, draft] = ITEM[type];
  const filtered = (item: string) =>
    `${base}?$filter=${encodeURIComponent(`${item}/startDateTime ge ${w.start} and ${item}/endDateTime le ${w.end}`)}`;
  // Graph filters shifts and time off by date; other lists are filtered here.
  const paths = type === 'openShift' ? [base] : drafts ? [filtered(shared), filtered(draft)] : [filtered(shared)];
  const byId = new Map<string, Observed>();
  for (const path of paths) {
    const r = await graph.listAll<Observed>({ method: 'GET', path, teamId });
    if (!r.ok) return r;
    for (const o of r.value) byId.set(o.id, o);
  }
  const out: Observed[] = [];
  for (const o of byId.values()) {
    const item = (o[draft] ?? o[shared]) as { startDateTime?: string; endDateTime?: string } | null | undefined;
    if (item?.startDateTime && item.endDateTime && inWindow(item.startDateTime, item.endDateTime, w)) out.push(o);
  }
  return ok(out);
}

/** All items of a tenant-sized collection (scheduling groups, time-off reasons). */
export async function listAllOf(graph: GraphClient, type: 'job' | 'timeOffReason', teamId: string): Promise<Result<Observed[], GraphCallError>> {
  return graph.listAll<Observed>({ method: 'GET', path: `/teams/${encodeURIComponent(teamId)}/schedule/${COLLECTION[type]}`, teamId });
}

export function wfmFailure(e: WfmError): GraphCallError {
  return { code: `wfm_${e.code}`, status: null, message: e.message, attempts: 1, transient: e.kind === 'unavailable' };
}

export const asGraphError = <T>(r: Result<T, WfmError>): Result<T, GraphCallError> => (r.ok ? r : err(wfmFailure(r.error)));
