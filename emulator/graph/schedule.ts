import { type Router } from '../http/router.ts';
import { badRequest, type EmuRequest } from '../http/types.ts';
import { commit, tracked, type Change } from '../shifts/commit.ts';
import { validateBody } from '../schema/validate.ts';
import { emptyCollections, type EmulatedTeam, type GraphObject, type ScheduleCollection } from '../state.ts';
import { appActor, findSchedule, findTeam, writeContext, type GraphCall } from './call.ts';
import { hideEvolvableMembers } from './enums.ts';
import { ok, single } from './odata.ts';

/** Settings a replacing PUT resets when the body leaves them out. */
const SCHEDULE_DEFAULTS: GraphObject = {
  workforceIntegrationIds: [],
  openShiftsEnabled: true,
  swapShiftsRequestsEnabled: true,
  offerShiftRequestsEnabled: true,
  timeOffRequestsEnabled: true,
  timeClockEnabled: false,
  timeClockSettings: null,
  startDayOfWeek: 'sunday',
  isActivitiesIncludedWhenCopyingShiftsEnabled: false,
};
const READ_ONLY = ['id', 'provisionStatus', 'provisionStatusCode', '@odata.context', '@odata.etag'];

function scheduleJson(req: EmuRequest, call: GraphCall, team: EmulatedTeam): GraphObject {
  return hideEvolvableMembers(single(req, call, { ...team.schedule!.props }, `teams('${team.id}')/schedule`), call.optIn);
}

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false; // Intl throws RangeError for names it does not know
  }
}

/** `PUT/GET /teams/{id}/schedule` and `POST .../schedule/share`. */
export function scheduleRoutes(r: Router<GraphCall>): void {
  r.add('GET', '/teams/:teamId/schedule', (req, p, call) => {
    const { team } = findSchedule(call, p.teamId!);
    return ok(scheduleJson(req, call, team));
  });

  r.add('PUT', '/teams/:teamId/schedule', (req, p, call) => {
    const team = findTeam(call, p.teamId!);
    const problem = validateBody('request.schedule', req.body);
    if (problem) throw badRequest(problem);
    const body = req.body as GraphObject;
    if (!isIanaZone(String(body.timeZone))) throw badRequest(`'${String(body.timeZone)}' is not a valid IANA time zone.`);
    const ids = Array.isArray(body.workforceIntegrationIds) ? (body.workforceIntegrationIds as string[]) : [];
    for (const id of ids) {
      if (!call.emu.state.integrations.has(id)) throw badRequest(`Workforce integration '${id}' was not found.`);
    }
    const clean: GraphObject = {};
    for (const [k, v] of Object.entries(body)) if (!READ_ONLY.includes(k)) clean[k] = v;
    // Replace semantics: whatever the body leaves out goes back to its default.
    const props = { id: team.id, ...SCHEDULE_DEFAULTS, ...clean, provisionStatus: 'Completed', provisionStatusCode: null };
    const delay = call.emu.settings.provisionDelayMs;
    if (!team.schedule) {
      team.schedule = { props, collections: emptyCollections() };
      if (delay > 0) {
        props.provisionStatus = 'Running';
        setTimeout(() => {
          if (team.schedule?.props === props) props.provisionStatus = 'Completed';
        }, delay).unref();
      }
    } else {
      const wasRunning = team.schedule.props.provisionStatus === 'Running';
      team.schedule.props = wasRunning ? { ...props, provisionStatus: 'Running' } : props;
    }
    return ok(scheduleJson(req, call, team));
  });

  r.add('POST', '/teams/:teamId/schedule/share', async (req, p, call) => {
    const w = writeContext(call, p.teamId!);
    const problem = validateBody('request.scheduleShare', req.body);
    if (problem) throw badRequest(problem);
    const body = req.body as { startDateTime: string; endDateTime?: string };
    const from = Date.parse(body.startDateTime);
    const to = body.endDateTime ? Date.parse(body.endDateTime) : Number.POSITIVE_INFINITY;
    const changes: Change[] = [];
    const pairs: Array<[ScheduleCollection, string, string]> = [
      ['shifts', 'draftShift', 'sharedShift'],
      ['openShifts', 'draftOpenShift', 'sharedOpenShift'],
      ['timesOff', 'draftTimeOff', 'sharedTimeOff'],
    ];
    for (const [collection, draftKey, sharedKey] of pairs) {
      for (const e of w.schedule.collections[collection].values()) {
        const draft = e[draftKey] as GraphObject | null | undefined;
        if (!draft) continue;
        const start = Date.parse(String(draft.startDateTime));
        if (start < from || start >= to) continue;
        const id = String(e.id);
        if (draft.isActive === false) {
          changes.push({ collection, method: 'DELETE', id, after: undefined, callbackBody: { ...e, [sharedKey]: { ...draft } } });
        } else {
          const after = tracked(appActor(call), { ...e, [sharedKey]: draft, [draftKey]: null }, e);
          changes.push({ collection, method: 'PUT', id, after });
        }
      }
    }
    if (changes.length > 0) await commit(w, changes);
    return { status: 204 };
  });
}
