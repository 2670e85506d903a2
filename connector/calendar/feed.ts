/**
 * Builds a worker's iCalendar feed from the WFM (the system of record): their shifts and time
 * off over the window, reconciled with the publication ledger, serialized deterministically,
 * with a strong ETag and a Last-Modified that moves only when the bytes change.
 */
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { WfmAdapter, WfmEmployee, WfmError, WfmTeam } from '../wfm/contract.ts';
import { eventUid, shiftContent, timeOffContent, type EventContent } from './events.ts';
import { serializeCalendar, type IcsEvent } from './ics.ts';
import { reconcile } from './ledger.ts';
import type { WfmReads } from './wfm-memo.ts';

export const PRODID = '-//Shifts Connector//Calendar Feed 1.0//EN';
/** Suggested polling interval for subscribers, in minutes. */
export const REFRESH_MINUTES = 60;

export interface FeedWindowConfig {
  windowPastDays: number;
  windowFutureDays: number;
}

export interface RenderedFeed {
  body: string;
  /** Strong entity tag, quoted. */
  etag: string;
  lastModified: Date;
  /** Events in the feed, of which cancelled. */
  events: number;
  cancelled: number;
}

export interface FeedService {
  render(employeeId: string): Promise<Result<RenderedFeed, WfmError>>;
}

export interface FeedServiceDeps {
  store: Store;
  wfm: WfmAdapter;
  config: FeedWindowConfig;
  /** Scopes UIDs: the tenant id, or this installation's id in local mode. */
  uidScope: () => Promise<string>;
  now?: () => number;
}

const DAY = 86_400_000;

/** `[start, end)` of the feed: whole UTC days, so the window is stable through a day. */
export function feedWindow(now: number, config: FeedWindowConfig): { start: number; end: number } {
  const today = Math.floor(now / DAY) * DAY;
  return { start: today - config.windowPastDays * DAY, end: today + (config.windowFutureDays + 1) * DAY };
}

/** Finds an employee by scanning the teams (the contract has no lookup by id). */
async function findEmployee(
  wfm: WfmReads,
  teams: WfmTeam[],
  employeeId: string,
): Promise<Result<WfmEmployee | undefined, WfmError>> {
  for (const team of teams) {
    const employees = await wfm.listEmployees(team.id);
    if (!employees.ok) return employees;
    const hit = employees.value.find((e) => e.id === employeeId);
    if (hit) return ok(hit);
  }
  return ok(undefined);
}

/** The worker's current events from the WFM; any WFM error aborts (never "everything deleted"). */
export async function currentEvents(
  wfm: WfmReads,
  employeeId: string,
  window: { start: number; end: number },
): Promise<Result<{ employee: WfmEmployee | undefined; events: EventContent[] }, WfmError>> {
  const teams = await wfm.listTeams();
  if (!teams.ok) return teams;
  const found = await findEmployee(wfm, teams.value, employeeId);
  if (!found.ok) return found;
  const employee = found.value;
  if (!employee) return ok({ employee, events: [] });

  const range = { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() };
  const events: EventContent[] = [];
  for (const team of teams.value.filter((t) => employee.teamIds.includes(t.id))) {
    const [shifts, timesOff, jobs, reasons] = await Promise.all([
      wfm.listShifts(team.id, range),
      wfm.listTimesOff(team.id, range),
      wfm.listJobs(team.id),
      wfm.listTimeOffReasons(team.id),
    ]);
    if (!shifts.ok) return shifts;
    if (!timesOff.ok) return timesOff;
    if (!jobs.ok) return jobs;
    if (!reasons.ok) return reasons;
    const jobName = new Map(jobs.value.map((j) => [j.id, j.name]));
    const reasonName = new Map(reasons.value.map((r) => [r.id, r.name]));
    for (const s of shifts.value) {
      if (s.employeeId !== employeeId) continue;
      events.push(shiftContent(s, { team, jobName: s.jobId ? (jobName.get(s.jobId) ?? null) : null, reasonName: null }));
    }
    for (const t of timesOff.value) {
      if (t.employeeId !== employeeId) continue;
      events.push(timeOffContent(t, { team, jobName: null, reasonName: reasonName.get(t.reasonId) ?? null }));
    }
  }
  return ok({ employee, events });
}

export function createFeedService(deps: FeedServiceDeps): FeedService {
  const now = deps.now ?? Date.now;
  return {
    async render(employeeId) {
      const t = now();
      const window = feedWindow(t, deps.config);
      const current = await currentEvents(deps.wfm, employeeId, window);
      if (!current.ok) return err(current.error);
      const entries = await reconcile(deps.store, employeeId, window, current.value.events, t);
      const scope = await deps.uidScope();
      const events: IcsEvent[] = entries.map((e) => ({
        uid: eventUid(e.content.entityType, e.content.entityId, scope),
        start: e.content.start,
        end: e.content.end,
        stamp: e.changedAt,
        created: e.createdAt,
        sequence: e.sequence,
        status: e.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        summary: e.content.summary,
        location: e.content.location,
        description: e.content.description,
        categories: e.content.categories,
        transparency: 'OPAQUE',
      }));
      const name = current.value.employee ? `Shifts: ${current.value.employee.displayName}` : 'Shifts';
      const body = serializeCalendar({ prodId: PRODID, name, refreshMinutes: REFRESH_MINUTES, events });
      const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
      const lastModified = await recordFeedState(deps.store, employeeId, etag, t);
      return ok({
        body,
        etag,
        lastModified,
        events: events.length,
        cancelled: events.filter((e) => e.status === 'CANCELLED').length,
      });
    },
  };
}

/** Last-Modified moves only when the ETag does; HTTP dates have whole seconds. */
async function recordFeedState(store: Store, employeeId: string, etag: string, now: number): Promise<Date> {
  const at = new Date(Math.floor(now / 1000) * 1000);
  const rows = await store.query<{ last_modified: Date }>(
    `INSERT INTO calendar_feeds (employee_id, etag, last_modified) VALUES ($1, $2, $3)
     ON CONFLICT (employee_id) DO UPDATE
       SET etag = EXCLUDED.etag,
           last_modified = CASE WHEN calendar_feeds.etag = EXCLUDED.etag THEN calendar_feeds.last_modified
                                ELSE EXCLUDED.last_modified END
     RETURNING last_modified`,
    [employeeId, etag, at],
  );
  return rows[0]!.last_modified;
}
