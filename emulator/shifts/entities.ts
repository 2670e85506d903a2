import { checkThemes } from '../graph/enums.ts';
import { badRequest, notFound } from '../http/types.ts';
import { validateBody, type RequestSchema } from '../schema/validate.ts';
import { ID_PREFIX, newId, type EmulatedTeam, type GraphObject, type ScheduleCollection } from '../state.ts';
import { commit, tracked, type WriteContext } from './commit.ts';

/** The schedule collections clients write directly (requests change only through actions). */
export const WRITABLE = ['shifts', 'openShifts', 'timesOff', 'timeOffReasons', 'schedulingGroups'] as const;
export type WritableCollection = (typeof WRITABLE)[number];

interface Kind {
  schema: RequestSchema;
  /** The Graph type name, for `@odata.context`. */
  type: string;
  /** Draft/shared item properties (schedule entities) for `$filter` and duration checks. */
  items: string[];
  /** DELETE only deactivates (time-off reasons, scheduling groups). */
  softDelete: boolean;
}

export const KINDS: Record<WritableCollection, Kind> = {
  shifts: { schema: 'request.shift', type: 'shift', items: ['sharedShift', 'draftShift'], softDelete: false },
  openShifts: { schema: 'request.openShift', type: 'openShift', items: ['sharedOpenShift', 'draftOpenShift'], softDelete: false },
  timesOff: { schema: 'request.timeOff', type: 'timeOff', items: ['sharedTimeOff', 'draftTimeOff'], softDelete: false },
  timeOffReasons: { schema: 'request.timeOffReason', type: 'timeOffReason', items: [], softDelete: true },
  schedulingGroups: { schema: 'request.schedulingGroup', type: 'schedulingGroup', items: [], softDelete: true },
};

export function isWritable(c: string): c is WritableCollection {
  return (WRITABLE as readonly string[]).includes(c);
}

const READ_ONLY = ['id', 'createdDateTime', 'createdBy', 'lastModifiedDateTime', 'lastModifiedBy', '@odata.etag', '@odata.context'];

export function isTeamMember(team: EmulatedTeam, userId: string): boolean {
  return team.memberIds.includes(userId) || team.ownerIds.includes(userId);
}

const MINUTE = 60_000;

/** Graph's own checks beyond the schema: references exist, durations are 1 min..24 h. */
function checkSemantics(w: WriteContext, collection: WritableCollection, body: GraphObject, optIn: boolean): void {
  checkThemes(body, optIn);
  const kind = KINDS[collection];
  const c = w.schedule.collections;
  if ('userId' in body && body.userId != null && !isTeamMember(w.team, String(body.userId))) {
    throw badRequest(`User '${String(body.userId)}' is not a member of team '${w.team.id}'.`);
  }
  if (kind.items.length > 0 && kind.items.every((p) => body[p] == null)) {
    throw badRequest(`Provide at least one of ${kind.items.join(', ')}.`);
  }
  const groupId = body.schedulingGroupId;
  if (typeof groupId === 'string' && !c.schedulingGroups.has(groupId)) {
    throw badRequest(`schedulingGroup '${groupId}' was not found in this schedule.`);
  }
  for (const p of kind.items) {
    const item = body[p] as GraphObject | null | undefined;
    if (!item) continue;
    const start = Date.parse(String(item.startDateTime ?? ''));
    const end = Date.parse(String(item.endDateTime ?? ''));
    if (Number.isNaN(start) || Number.isNaN(end)) throw badRequest(`${p}.startDateTime and ${p}.endDateTime are required.`);
    if (end <= start) throw badRequest(`${p}.endDateTime must be after ${p}.startDateTime.`);
    if (collection === 'shifts' && (end - start < MINUTE || end - start > 24 * 60 * MINUTE)) {
      throw badRequest(`${p}: a shift must last at least 1 minute and at most 24 hours.`);
    }
    if (collection === 'timesOff' && typeof item.timeOffReasonId === 'string' && !c.timeOffReasons.has(item.timeOffReasonId)) {
      throw badRequest(`timeOffReason '${item.timeOffReasonId}' was not found in this schedule.`);
    }
    if (collection === 'openShifts' && !(Number(item.openSlotCount) >= 1)) {
      throw badRequest(`${p}.openSlotCount must be at least 1.`);
    }
  }
  if (collection === 'schedulingGroups' && Array.isArray(body.userIds)) {
    const stranger = (body.userIds as unknown[]).find((u) => !isTeamMember(w.team, String(u)));
    if (stranger !== undefined) throw badRequest(`User '${String(stranger)}' is not a member of team '${w.team.id}'.`);
  }
}

function withoutReadOnly(body: GraphObject): GraphObject {
  const out: GraphObject = {};
  for (const [k, v] of Object.entries(body)) if (!READ_ONLY.includes(k)) out[k] = v;
  return out;
}

function defaults(collection: WritableCollection): GraphObject {
  switch (collection) {
    case 'shifts':
    case 'openShifts':
    case 'timesOff':
      return { isStagedForDeletion: false };
    case 'timeOffReasons':
      return { isActive: true, iconType: 'none', code: null };
    case 'schedulingGroups':
      return { isActive: true, userIds: [], code: null };
  }
}

/** Validates a client body (schema first, then Graph's semantic checks). */
export function validateWrite(w: WriteContext, collection: WritableCollection, body: unknown, optIn: boolean): GraphObject {
  if (body === undefined) throw badRequest('A JSON request body is required.');
  const problem = validateBody(KINDS[collection].schema, body);
  if (problem) throw badRequest(problem);
  const clean = withoutReadOnly(body as GraphObject);
  checkSemantics(w, collection, clean, optIn);
  return clean;
}

/** POST: creates an entity (after the integration approved it). */
export async function createEntity(w: WriteContext, collection: WritableCollection, body: GraphObject): Promise<GraphObject> {
  const id = newId(ID_PREFIX[collection]);
  const after = tracked(w.actor, { id, ...defaults(collection), ...body }, undefined);
  await commit(w, [{ collection, method: 'POST', id, after }]);
  return after;
}

export function existing(w: WriteContext, collection: ScheduleCollection, id: string): GraphObject {
  const found = w.schedule.collections[collection].get(id);
  if (!found) throw notFound(`${collection} item '${id}' was not found.`);
  return found;
}

/** PUT replaces the entity; PATCH (`merge`) keeps properties the body leaves out. */
export async function replaceEntity(
  w: WriteContext,
  collection: WritableCollection,
  id: string,
  body: GraphObject,
  merge: boolean,
): Promise<GraphObject> {
  const before = existing(w, collection, id);
  const base = merge ? withoutReadOnly(before) : defaults(collection);
  const after = tracked(w.actor, { id, ...base, ...body }, before);
  await commit(w, [{ collection, method: 'PUT', id, after }]);
  return after;
}

/** DELETE: removes, or deactivates time-off reasons and scheduling groups (Graph's soft delete). */
export async function deleteEntity(w: WriteContext, collection: WritableCollection, id: string): Promise<void> {
  const before = existing(w, collection, id);
  const after = KINDS[collection].softDelete ? tracked(w.actor, { ...before, isActive: false }, before) : undefined;
  await commit(w, [{ collection, method: 'DELETE', id, after, callbackBody: before }]);
}
