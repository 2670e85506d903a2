/**
 * Maps WFM entities (the system of record) to the content of calendar events. Pure functions:
 * everything a subscriber sees is decided here, so its hash decides whether an event changed.
 */
import { createHash } from 'node:crypto';
import type { WfmActivity, WfmShift, WfmTeam, WfmTimeOff } from '../wfm/contract.ts';
import { localParts } from '../wfm/time.ts';

/** Entity types a worker's calendar carries. */
export type CalendarEntityType = 'shift' | 'timeOff';

/** What one event shows; the ledger adds UID, SEQUENCE and stamps. */
export interface EventContent {
  entityType: CalendarEntityType;
  entityId: string;
  teamId: string;
  /** UTC instants, epoch ms. */
  start: number;
  end: number;
  summary: string;
  location: string | null;
  description: string | null;
  categories: string[];
}

/** Names the mapper needs besides the entity itself. */
export interface Lookup {
  team: WfmTeam;
  jobName: string | null;
  reasonName: string | null;
}

/** `HH:MM` wall-clock time of an instant in a zone (descriptions only; DTSTART stays UTC). */
function hhmm(instantMs: number, timeZone: string): string {
  const p = localParts(instantMs, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

function activityLine(a: WfmActivity, timeZone: string): string {
  const paid = a.isPaid ? 'paid' : 'unpaid';
  return `${hhmm(Date.parse(a.start), timeZone)}–${hhmm(Date.parse(a.end), timeZone)} ${a.displayName} (${paid})`;
}

/** A worker's shift: SUMMARY "job · team", LOCATION the store, DESCRIPTION breaks and notes. */
export function shiftContent(shift: WfmShift, lookup: Lookup): EventContent {
  const { team, jobName } = lookup;
  const title = jobName ?? shift.label ?? 'Shift';
  const lines: string[] = [];
  if (shift.label && shift.label !== title) lines.push(shift.label);
  const activities = [...shift.activities].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  if (activities.length > 0) {
    lines.push(`Breaks and activities (${team.timeZone}):`);
    for (const a of activities) lines.push(`- ${activityLine(a, team.timeZone)}`);
  }
  if (shift.notes) lines.push(`Notes: ${shift.notes}`);
  return {
    entityType: 'shift',
    entityId: shift.id,
    teamId: shift.teamId,
    start: Date.parse(shift.start),
    end: Date.parse(shift.end),
    summary: `${title} · ${team.name}`,
    location: team.name,
    description: lines.length > 0 ? lines.join('\n') : null,
    categories: ['Shift'],
  };
}

/** A worker's booked time off: SUMMARY "Time off: reason". */
export function timeOffContent(timeOff: WfmTimeOff, lookup: Lookup): EventContent {
  return {
    entityType: 'timeOff',
    entityId: timeOff.id,
    teamId: timeOff.teamId,
    start: Date.parse(timeOff.start),
    end: Date.parse(timeOff.end),
    summary: `Time off: ${lookup.reasonName ?? 'Time off'}`,
    location: lookup.team.name,
    description: timeOff.notes ? `Notes: ${timeOff.notes}` : null,
    categories: ['Time off'],
  };
}

/** Hash of everything a subscriber sees: a different hash means a new SEQUENCE. */
export function contentHash(c: EventContent): string {
  const canonical = JSON.stringify([
    c.entityType,
    c.entityId,
    c.teamId,
    c.start,
    c.end,
    c.summary,
    c.location,
    c.description,
    c.categories,
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * Globally unique, stable UID: entity type and id, scoped by the tenant (or, in local mode, by
 * this installation's id), so two deployments or two tenants never collide.
 */
export function eventUid(entityType: CalendarEntityType, entityId: string, scope: string): string {
  return `${entityType}-${encodeURIComponent(entityId)}@${encodeURIComponent(scope)}.shifts-connector`;
}
