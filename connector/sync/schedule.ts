/**
 * Makes sure a team's Shifts schedule exists, is enabled and uses our workforce integration.
 * `PUT /teams/{id}/schedule` replaces the schedule, so the PUT carries every setting the
 * schedule already has (and its time zone); provisioning is asynchronous and polled.
 */
import { err, ok, type Result } from '../errors.ts';
import type { Clock, GraphCallError, GraphClient } from '../graph/index.ts';
import type { EffectiveMode, SyncEntityKind } from '../mappings/index.ts';

/** Read-only or server-managed schedule properties that must not be sent back. */
const READ_ONLY = new Set(['id', 'provisionStatus', 'provisionStatusCode', 'shifts', 'openShifts', 'timesOff', 'timeOffReasons', 'schedulingGroups']);

export interface EnsureScheduleResult {
  timeZone: string;
  /** True when we had to create or update the schedule. */
  changed: boolean;
  /** Settings that differed from `settings` and were put back. */
  healed: string[];
}

export interface EnsureScheduleOptions {
  wfiId: string;
  /** Zone for a new schedule (the team mapping's). */
  timeZone: string;
  clock: Clock;
  pollIntervalMs?: number;
  maxPolls?: number;
  /** Schedule flags to keep as given (see `scheduleSettingsFor`); others are left as they are. */
  settings?: Readonly<Record<string, boolean>>;
}

/**
 * The schedule flags that match a team's sync modes, so Shifts shows workers only the buttons
 * whose requests the connector will accept: a request kind is on only when it runs two-way,
 * open shifts only when they are synced and may be asked for, and the time clock stays off
 * (time cards are not synced).
 */
export function scheduleSettingsFor(modes: Record<SyncEntityKind, EffectiveMode>): Record<string, boolean> {
  return {
    timeOffRequestsEnabled: modes.timeOffRequests.mode === 'two-way',
    swapShiftsRequestsEnabled: modes.swapRequests.mode === 'two-way',
    offerShiftRequestsEnabled: modes.offerShiftRequests.mode === 'two-way',
    openShiftsEnabled: modes.openShifts.mode !== 'off' && modes.openShiftRequests.mode === 'two-way',
    timeClockEnabled: false,
  };
}

type Schedule = Record<string, unknown> & { enabled?: boolean; timeZone?: string; workforceIntegrationIds?: string[]; provisionStatus?: string; provisionStatusCode?: string };

export async function ensureSchedule(graph: GraphClient, teamId: string, opts: EnsureScheduleOptions): Promise<Result<EnsureScheduleResult, GraphCallError>> {
  const path = `/teams/${encodeURIComponent(teamId)}/schedule`;
  const current = await graph.request<Schedule>({ method: 'GET', path, teamId });
  let existing: Schedule | null = null;
  if (current.ok) existing = current.value.body ?? null;
  else if (current.error.status !== 404) return current;

  const settings = Object.entries(opts.settings ?? {});
  const drifted = existing ? settings.filter(([k, v]) => existing![k] !== v).map(([k]) => k) : [];
  const ready = (s: Schedule | null) =>
    !!s && s.enabled === true && (s.workforceIntegrationIds ?? []).includes(opts.wfiId) && statusOf(s) === 'completed' && drifted.length === 0;
  if (ready(existing)) return ok({ timeZone: existing!.timeZone ?? opts.timeZone, changed: false, healed: [] });

  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(existing ?? {})) if (!READ_ONLY.has(k) && !k.startsWith('@odata')) body[k] = v;
  body.enabled = true;
  body.timeZone = existing?.timeZone ?? opts.timeZone;
  // Shifts honours one integration per schedule; ours goes first.
  body.workforceIntegrationIds = [opts.wfiId];
  for (const [k, v] of settings) body[k] = v;
  const put = await graph.request<Schedule>({ method: 'PUT', path, teamId, body });
  if (!put.ok) return put;

  let s: Schedule | undefined = put.value.body;
  for (let i = 0; i < (opts.maxPolls ?? 30) && statusOf(s) !== 'completed'; i++) {
    if (statusOf(s) === 'failed') {
      return err({ code: 'schedule_provisioning_failed', status: null, message: `Shifts could not provision the schedule (${s?.provisionStatusCode ?? 'no code'})`, attempts: i + 1, transient: false });
    }
    await opts.clock.sleep(opts.pollIntervalMs ?? 1000);
    const polled = await graph.request<Schedule>({ method: 'GET', path, teamId });
    if (!polled.ok) return polled;
    s = polled.value.body;
  }
  if (statusOf(s) !== 'completed') {
    return err({ code: 'schedule_provisioning_timeout', status: null, message: 'the schedule is still provisioning; the next run will continue', attempts: opts.maxPolls ?? 30, transient: true });
  }
  return ok({ timeZone: s?.timeZone ?? String(body.timeZone), changed: true, healed: drifted });
}

function statusOf(s: Schedule | undefined | null): string {
  // Graph spells operationStatus in PascalCase ("Completed"); docs prose uses lower case.
  return String(s?.provisionStatus ?? 'completed').toLowerCase();
}
