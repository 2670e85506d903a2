import { z } from 'zod';
import type { EmulatorContext } from '../context.ts';
import { badRequest, notFound, GraphError } from '../http/types.ts';
import { commit, eligibleIds, tracked, type WriteContext } from '../shifts/commit.ts';
import { existing, validateWrite } from '../shifts/entities.ts';
import { REQUEST_COLLECTIONS, ID_PREFIX, newId, type GraphObject, type RequestCollection } from '../state.ts';

/** Acting as a person in Shifts: the body of every action names who acts (`as`). */
export const actorInput = z.object({ as: z.string().min(1) });

/** Builds the write context of a person; managers must own the team, workers belong to it. */
export function personContext(emu: EmulatorContext, teamId: string, userId: string, role: 'manager' | 'worker'): WriteContext {
  const team = emu.state.teams.get(teamId);
  if (!team) throw notFound(`Team '${teamId}' was not found.`);
  if (!team.schedule) throw notFound(`Team '${teamId}' has no schedule yet.`);
  const user = emu.state.users.get(userId);
  if (!user) throw notFound(`User '${userId}' was not found.`);
  const isOwner = team.ownerIds.includes(userId);
  if (role === 'manager' && !isOwner) throw new GraphError(403, 'Forbidden', `${user.displayName} is not a manager (owner) of ${team.displayName}.`);
  if (role === 'worker' && !isOwner && !team.memberIds.includes(userId)) {
    throw new GraphError(403, 'Forbidden', `${user.displayName} is not a member of ${team.displayName}.`);
  }
  return { emu, team, schedule: team.schedule, actor: { kind: 'user', id: user.id, displayName: user.displayName }, passthrough: undefined };
}

export const addShiftInput = actorInput.extend({
  userId: z.string().min(1),
  startDateTime: z.string().datetime({ offset: true }),
  endDateTime: z.string().datetime({ offset: true }),
  schedulingGroupId: z.string().optional(),
  displayName: z.string().optional(),
  notes: z.string().optional(),
  theme: z.string().default('blue'),
  /** Share at once (the default), or keep it a draft until the schedule is shared. */
  share: z.boolean().default(true),
});

function defaultGroup(w: WriteContext, userId: string): string {
  const groups = [...w.schedule.collections.schedulingGroups.values()].filter((g) => g.isActive !== false);
  const mine = groups.find((g) => Array.isArray(g.userIds) && g.userIds.includes(userId));
  const pick = mine ?? groups[0];
  if (!pick) throw badRequest('The schedule has no active scheduling group; create one first.');
  return String(pick.id);
}

/** A manager adds a shift in the Shifts UI. */
export async function addShift(w: WriteContext, input: z.infer<typeof addShiftInput>): Promise<GraphObject> {
  const item = { startDateTime: input.startDateTime, endDateTime: input.endDateTime, theme: input.theme, displayName: input.displayName ?? null, notes: input.notes ?? null, activities: [] };
  const body = validateWrite(
    w,
    'shifts',
    {
      userId: input.userId,
      schedulingGroupId: input.schedulingGroupId ?? defaultGroup(w, input.userId),
      sharedShift: input.share ? item : null,
      draftShift: input.share ? null : item,
    },
    true,
  );
  const id = newId(ID_PREFIX.shifts);
  const after = tracked(w.actor, { id, isStagedForDeletion: false, ...body }, undefined);
  await commit(w, [{ collection: 'shifts', method: 'POST', id, after }]);
  return after;
}

export const editShiftInput = actorInput.extend({
  userId: z.string().optional(),
  startDateTime: z.string().datetime({ offset: true }).optional(),
  endDateTime: z.string().datetime({ offset: true }).optional(),
  displayName: z.string().optional(),
  notes: z.string().optional(),
  theme: z.string().optional(),
  share: z.boolean().default(true),
});

/** A manager edits a shift: a PUT of the whole shift, shared or kept as draft. */
export async function editShift(w: WriteContext, id: string, input: z.infer<typeof editShiftInput>): Promise<GraphObject> {
  const before = existing(w, 'shifts', id);
  const current = (before.draftShift ?? before.sharedShift) as GraphObject;
  const { as: _as, share, userId, ...changes } = input;
  void _as;
  const item = { ...current, ...changes };
  const body = validateWrite(
    w,
    'shifts',
    {
      userId: userId ?? before.userId,
      schedulingGroupId: before.schedulingGroupId,
      sharedShift: share ? item : before.sharedShift,
      draftShift: share ? null : item,
    },
    true,
  );
  const after = tracked(w.actor, { ...before, ...body }, before);
  await commit(w, [{ collection: 'shifts', method: 'PUT', id, after }]);
  return after;
}

/**
 * A manager deletes a shift. Shifts sends a PUT with `draftShift.isActive=false`; sharing
 * (the default) sends a second PUT with `sharedShift.isActive=false`, after which it is gone.
 */
export async function deleteShift(w: WriteContext, id: string, share: boolean): Promise<void> {
  const before = existing(w, 'shifts', id);
  const item = (before.sharedShift ?? before.draftShift) as GraphObject;
  const drafted = tracked(w.actor, { ...before, draftShift: { ...item, isActive: false } }, before);
  await commit(w, [{ collection: 'shifts', method: 'PUT', id, after: drafted }]);
  if (!share) return;
  const shared = { ...drafted, sharedShift: { ...item, isActive: false } };
  await commit(w, [{ collection: 'shifts', method: 'PUT', id, after: undefined, callbackBody: shared }]);
}

/** Which collection holds a request id (ids are unique across the schedule). */
export function requestCollectionOf(w: WriteContext, id: string): RequestCollection {
  const hit = REQUEST_COLLECTIONS.find((c) => w.schedule.collections[c].has(id));
  if (!hit) throw notFound(`Request '${id}' was not found.`);
  return hit;
}

/** Time-off reasons the person is offered (filtered through `/read` when enabled). */
export async function offeredReasons(w: WriteContext): Promise<GraphObject[]> {
  const active = [...w.schedule.collections.timeOffReasons.values()].filter((r) => r.isActive !== false);
  const allowed = await eligibleIds(w, 'timeOffReason', `/users/${w.actor.id}/timeOffReasons?requestType=TimeOffReason`);
  return allowed ? active.filter((r) => allowed.includes(String(r.id))) : active;
}

/** Shifts the person may ask to swap their shift with (filtered through `/read` when enabled). */
export async function offeredSwapShifts(w: WriteContext, shiftId: string): Promise<GraphObject[]> {
  const mine = existing(w, 'shifts', shiftId);
  const item = (mine.sharedShift ?? mine.draftShift) as GraphObject;
  const others = [...w.schedule.collections.shifts.values()].filter((s) => s.userId !== mine.userId && s.sharedShift);
  const allowed = await eligibleIds(
    w,
    'swapRequest',
    `/shifts/${shiftId}/requestableShifts?requestType=SwapRequest&startTime=${String(item.startDateTime)}&endTime=${String(item.endDateTime)}`,
  );
  return allowed ? others.filter((s) => allowed.includes(String(s.id))) : others;
}
