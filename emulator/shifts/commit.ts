import type { EmulatorContext } from '../context.ts';
import { flagSet, pascalCaseEnums } from '../graph/enums.ts';
import { GraphError } from '../http/types.ts';
import type { EmulatedIntegration, EmulatedSchedule, EmulatedTeam, GraphObject, ScheduleCollection } from '../state.ts';
import { INVALID_DATA_MESSAGE } from './wfiClient.ts';

/** Who makes a change: the connector's app (Graph) or a simulated person (Shifts UI). */
export interface Actor {
  kind: 'application' | 'user';
  id: string;
  displayName: string;
}

/** Everything a schedule write needs. */
export interface WriteContext {
  emu: EmulatorContext;
  team: EmulatedTeam;
  schedule: EmulatedSchedule;
  actor: Actor;
  /** The caller's `X-MS-WFMPassthrough`, echoed on the callback as an HTTP header. */
  passthrough: string | undefined;
}

/** One entity change of a transaction; `after` undefined removes the entity. */
export interface Change {
  collection: ScheduleCollection;
  method: 'POST' | 'PUT' | 'DELETE';
  id: string;
  after: GraphObject | undefined;
  /** Body sent to the integration; defaults to `after` (null for DELETE without one). */
  callbackBody?: GraphObject | null;
  /** False for bookkeeping Shifts does not report (e.g. an open shift's slot count). */
  notify?: boolean;
}

/** `supportedEntities` member for each collection (scheduling groups are never sent). */
const SUPPORTED_NAME: Record<ScheduleCollection, string | undefined> = {
  shifts: 'shift',
  openShifts: 'openshift',
  timesOff: 'timeoff',
  timeOffReasons: 'timeoffreason',
  schedulingGroups: undefined,
  timeOffRequests: 'timeoffrequest',
  swapShiftsChangeRequests: 'swaprequest',
  offerShiftRequests: 'offershiftrequest',
  openShiftChangeRequests: 'openshiftrequest',
};

/** Entity type segment of the callback `url`, in Shifts' own (mixed) casing. */
const CALLBACK_SEGMENT: Record<ScheduleCollection, string> = {
  shifts: 'shifts',
  openShifts: 'openshifts',
  timesOff: 'timesoff',
  timeOffReasons: 'timeoffReasons',
  schedulingGroups: 'schedulingGroups',
  timeOffRequests: 'timeOffRequests',
  swapShiftsChangeRequests: 'swapRequests',
  offerShiftRequests: 'offershiftrequests',
  openShiftChangeRequests: 'openshiftrequests',
};

/** The schedule's active integration (first id wins, like Shifts), if any. */
export function scheduleIntegration(emu: EmulatorContext, schedule: EmulatedSchedule): EmulatedIntegration | undefined {
  const ids = schedule.props.workforceIntegrationIds;
  const first = Array.isArray(ids) ? ids[0] : undefined;
  if (typeof first !== 'string') return undefined;
  const wfi = emu.state.integrations.get(first);
  return wfi && wfi.props.isActive !== false ? wfi : undefined;
}

/**
 * Runs one Shifts transaction: when the schedule's integration subscribes to the primary
 * entity (the first change) or to any changed entity, it is asked first, and the changes
 * are applied only if every item is approved. Throws `GraphError` otherwise.
 */
export async function commit(w: WriteContext, changes: Change[]): Promise<void> {
  const wfi = scheduleIntegration(w.emu, w.schedule);
  if (wfi && changes.length > 0) {
    const supported = flagSet(wfi.props.supportedEntities);
    const isSupported = (c: ScheduleCollection) => {
      const name = SUPPORTED_NAME[c];
      return name !== undefined && supported.has(name);
    };
    const primarySupported = isSupported(changes[0]!.collection);
    const items = changes
      .filter((c) => c.notify !== false && (primarySupported || isSupported(c.collection)))
      .map((c) => ({
        method: c.method,
        url: `/${CALLBACK_SEGMENT[c.collection]}/${c.id}`,
        body: pascalCaseEnums(c.callbackBody !== undefined ? c.callbackBody : (c.after ?? null)) as GraphObject | null,
      }));
    if (items.length > 0) {
      const outcome = await w.emu.wfi.update(wfi, w.team.id, items, w.passthrough);
      if (outcome.kind === 'rejected') throw new GraphError(400, 'BadRequest', outcome.message);
      if (outcome.kind === 'invalid') throw new GraphError(502, 'BadGateway', INVALID_DATA_MESSAGE);
    }
  }
  for (const c of changes) {
    const coll = w.schedule.collections[c.collection];
    if (c.after) coll.set(c.id, c.after);
    else coll.delete(c.id);
  }
}

/**
 * Eligibility filtering (`/read`): the ids the integration allows, or undefined when the
 * schedule's integration does not filter this entity.
 */
export async function eligibleIds(
  w: WriteContext,
  entity: 'timeOffReason' | 'swapRequest',
  url: string,
): Promise<string[] | undefined> {
  const wfi = scheduleIntegration(w.emu, w.schedule);
  if (!wfi || !flagSet(wfi.props.eligibilityFilteringEnabledEntities).has(entity.toLowerCase())) return undefined;
  const r = await w.emu.wfi.read(wfi, w.team.id, url);
  if (r.kind === 'invalid') throw new GraphError(502, 'BadGateway', r.message);
  if (r.kind === 'rejected') throw new GraphError(400, 'BadRequest', r.message);
  return r.data;
}

/** Identity set for createdBy/lastModifiedBy, shaped as Graph returns it. */
export function identitySet(actor: Actor): GraphObject {
  const who = { id: actor.id, displayName: actor.displayName };
  return actor.kind === 'application'
    ? { application: who, device: null, user: null, conversation: null }
    : { application: null, device: null, user: who, conversation: null };
}

/** Stamps change tracking on a new or replaced entity. */
export function tracked(actor: Actor, entity: GraphObject, previous: GraphObject | undefined): GraphObject {
  const now = new Date().toISOString();
  return {
    ...entity,
    createdDateTime: previous?.createdDateTime ?? now,
    createdBy: previous?.createdBy ?? identitySet(actor),
    lastModifiedDateTime: now,
    lastModifiedBy: identitySet(actor),
    '@odata.etag': `"${Date.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}"`,
  };
}
