import { GraphError, badRequest, notFound } from '../http/types.ts';
import { ID_PREFIX, newId, type GraphObject, type RequestCollection } from '../state.ts';
import { commit, eligibleIds, tracked, type Change, type WriteContext } from './commit.ts';
import { existing, isTeamMember } from './entities.ts';

/**
 * The life of schedule change requests as Shifts runs it: a worker asks, a recipient (swap,
 * offer) accepts or declines, a manager (or the connector through Graph) approves or declines.
 * Every step is one transaction the integration sees first.
 */

const conflict = (message: string) => new GraphError(400, 'BadRequest', message);

function base(w: WriteContext, senderUserId: string, message: string | undefined): GraphObject {
  return {
    senderUserId,
    senderDateTime: new Date().toISOString(),
    senderMessage: message ?? null,
    managerUserId: null,
    managerActionDateTime: null,
    managerActionMessage: null,
    state: 'pending',
  };
}

function requireMember(w: WriteContext, userId: string): void {
  if (!isTeamMember(w.team, userId)) throw badRequest(`User '${userId}' is not a member of team '${w.team.id}'.`);
}

function activeShift(w: WriteContext, shiftId: string, ownerId?: string): GraphObject {
  const shift = existing(w, 'shifts', shiftId);
  if (ownerId !== undefined && shift.userId !== ownerId) throw badRequest(`Shift '${shiftId}' does not belong to user '${ownerId}'.`);
  return shift;
}

async function create(w: WriteContext, collection: RequestCollection, fields: GraphObject): Promise<GraphObject> {
  const id = newId(ID_PREFIX[collection]);
  const after = tracked(w.actor, { id, ...fields }, undefined);
  await commit(w, [{ collection, method: 'POST', id, after }]);
  return after;
}

export async function requestTimeOff(
  w: WriteContext,
  input: { senderUserId: string; startDateTime: string; endDateTime: string; timeOffReasonId: string; message?: string },
): Promise<GraphObject> {
  requireMember(w, input.senderUserId);
  const reason = existing(w, 'timeOffReasons', input.timeOffReasonId);
  if (reason.isActive === false) throw badRequest(`Time-off reason '${input.timeOffReasonId}' is not active.`);
  if (!(Date.parse(input.endDateTime) > Date.parse(input.startDateTime))) throw badRequest('endDateTime must be after startDateTime.');
  const allowed = await eligibleIds(w, 'timeOffReason', `/users/${input.senderUserId}/timeOffReasons?requestType=TimeOffReason`);
  if (allowed && !allowed.includes(input.timeOffReasonId)) {
    throw badRequest(`Time-off reason '${input.timeOffReasonId}' is not offered to this user (eligibility filtering).`);
  }
  return create(w, 'timeOffRequests', {
    ...base(w, input.senderUserId, input.message),
    assignedTo: 'manager',
    startDateTime: input.startDateTime,
    endDateTime: input.endDateTime,
    timeOffReasonId: input.timeOffReasonId,
  });
}

export async function requestSwap(
  w: WriteContext,
  input: { senderUserId: string; senderShiftId: string; recipientShiftId: string; message?: string },
): Promise<GraphObject> {
  requireMember(w, input.senderUserId);
  const mine = activeShift(w, input.senderShiftId, input.senderUserId);
  const theirs = activeShift(w, input.recipientShiftId);
  if (theirs.userId === input.senderUserId) throw badRequest('A swap needs a shift of another person.');
  const item = (mine.sharedShift ?? mine.draftShift) as GraphObject | null;
  const allowed = await eligibleIds(
    w,
    'swapRequest',
    `/shifts/${input.senderShiftId}/requestableShifts?requestType=SwapRequest&startTime=${String(item?.startDateTime ?? '')}&endTime=${String(item?.endDateTime ?? '')}`,
  );
  if (allowed && !allowed.includes(input.recipientShiftId)) {
    throw badRequest(`Shift '${input.recipientShiftId}' cannot be swapped with this shift (eligibility filtering).`);
  }
  return create(w, 'swapShiftsChangeRequests', {
    ...base(w, input.senderUserId, input.message),
    assignedTo: 'recipient',
    senderShiftId: input.senderShiftId,
    recipientShiftId: input.recipientShiftId,
    recipientUserId: theirs.userId,
    recipientActionDateTime: null,
    recipientActionMessage: null,
  });
}

export async function offerShift(
  w: WriteContext,
  input: { senderUserId: string; senderShiftId: string; recipientUserId: string; message?: string },
): Promise<GraphObject> {
  requireMember(w, input.senderUserId);
  requireMember(w, input.recipientUserId);
  activeShift(w, input.senderShiftId, input.senderUserId);
  return create(w, 'offerShiftRequests', {
    ...base(w, input.senderUserId, input.message),
    assignedTo: 'recipient',
    senderShiftId: input.senderShiftId,
    recipientUserId: input.recipientUserId,
    recipientActionDateTime: null,
    recipientActionMessage: null,
  });
}

export async function requestOpenShift(
  w: WriteContext,
  input: { senderUserId: string; openShiftId: string; message?: string },
): Promise<GraphObject> {
  requireMember(w, input.senderUserId);
  existing(w, 'openShifts', input.openShiftId);
  return create(w, 'openShiftChangeRequests', {
    ...base(w, input.senderUserId, input.message),
    assignedTo: 'manager',
    openShiftId: input.openShiftId,
  });
}

/** The recipient of a swap or offer accepts (then it goes to the manager) or declines. */
export async function respondAsRecipient(
  w: WriteContext,
  collection: 'swapShiftsChangeRequests' | 'offerShiftRequests',
  id: string,
  accept: boolean,
  message?: string,
): Promise<GraphObject> {
  const before = existing(w, collection, id);
  if (before.state !== 'pending' || before.assignedTo !== 'recipient') throw conflict('The request is not waiting for its recipient.');
  if (w.actor.kind === 'user' && before.recipientUserId !== w.actor.id) throw conflict('Only the recipient can answer this request.');
  const after = tracked(
    w.actor,
    {
      ...before,
      assignedTo: accept ? 'manager' : 'recipient',
      state: accept ? 'pending' : 'declined',
      recipientActionDateTime: new Date().toISOString(),
      recipientActionMessage: message ?? null,
    },
    before,
  );
  await commit(w, [{ collection, method: 'PUT', id, after }]);
  return after;
}

/** The sender withdraws a pending request: Shifts sends DELETE with a null body. */
export async function cancelRequest(w: WriteContext, collection: RequestCollection, id: string): Promise<void> {
  const before = existing(w, collection, id);
  if (before.state !== 'pending') throw conflict('Only a pending request can be cancelled.');
  if (w.actor.kind === 'user' && before.senderUserId !== w.actor.id) throw conflict('Only the sender can cancel this request.');
  await commit(w, [{ collection, method: 'DELETE', id, after: undefined, callbackBody: null }]);
}

function copyShift(w: WriteContext, shift: GraphObject, userId: string): { id: string; shift: GraphObject } {
  const id = newId(ID_PREFIX.shifts);
  const { id: _old, ...rest } = shift;
  void _old;
  return { id, shift: tracked(w.actor, { ...rest, id, userId }, undefined) };
}

/** Pending requests that mention any of the shifts: Shifts declines them as "system". */
function siblings(w: WriteContext, exceptId: string, shiftIds: string[]): Change[] {
  const out: Change[] = [];
  for (const collection of ['swapShiftsChangeRequests', 'offerShiftRequests'] as const) {
    for (const r of w.schedule.collections[collection].values()) {
      if (r.id === exceptId || r.state !== 'pending') continue;
      if (!shiftIds.includes(String(r.senderShiftId)) && !shiftIds.includes(String(r.recipientShiftId))) continue;
      const after = tracked(w.actor, { ...r, state: 'declined', assignedTo: 'system' }, r);
      out.push({ collection, method: 'PUT', id: String(r.id), after });
    }
  }
  return out;
}

/** A manager (person or connector) approves or declines; approval applies the request. */
export async function decide(
  w: WriteContext,
  collection: RequestCollection,
  id: string,
  approve: boolean,
  message?: string,
): Promise<void> {
  const before = existing(w, collection, id);
  if (before.state !== 'pending') throw conflict(`The request is already ${String(before.state)}.`);
  const awaitingRecipient = before.assignedTo === 'recipient';
  if (approve && awaitingRecipient) throw conflict('The request is still waiting for its recipient to accept it.');
  const managerId = w.actor.kind === 'user' ? w.actor.id : (w.team.ownerIds[0] ?? null);
  const after = tracked(
    w.actor,
    {
      ...before,
      state: approve ? 'approved' : 'declined',
      assignedTo: 'manager',
      managerUserId: managerId,
      managerActionDateTime: new Date().toISOString(),
      managerActionMessage: message ?? null,
    },
    before,
  );
  const changes: Change[] = [{ collection, method: 'PUT', id, after }];
  if (approve) changes.push(...effects(w, collection, before));
  await commit(w, changes);
}

const forbidden = (message: string) => new GraphError(403, 'Forbidden', message);

/**
 * Graph's beta `approveForUser` / `declineForUser`: an application decides as `userId`.
 * Time-off and open-shift requests need a team owner; a swap or offer is approved by its
 * assignee only (the recipient while it waits for them, else a team owner), and declined by
 * its assignee or a team owner. The decision is recorded as that user's, as Graph shows it.
 */
export async function decideForUser(
  w: WriteContext,
  collection: RequestCollection,
  id: string,
  approve: boolean,
  userId: string,
  message?: string,
): Promise<void> {
  const before = existing(w, collection, id);
  const user = w.emu.state.users.get(userId);
  if (!user) throw notFound(`User '${userId}' was not found in the tenant.`);
  if (before.state !== 'pending') throw conflict(`The request is already ${String(before.state)}.`);
  const owner = w.team.ownerIds.includes(userId);
  const acting: WriteContext = { ...w, actor: { kind: 'user', id: userId, displayName: user.displayName } };
  const peerRequest = collection === 'swapShiftsChangeRequests' || collection === 'offerShiftRequests';
  if (peerRequest && before.assignedTo === 'recipient' && before.recipientUserId === userId) {
    await respondAsRecipient(acting, collection, id, approve, message);
    return;
  }
  if (!owner) {
    const who = peerRequest && before.assignedTo === 'recipient' ? 'its recipient or a team owner' : 'a team owner';
    throw forbidden(`User '${userId}' cannot ${approve ? 'approve' : 'decline'} this ${collection} item: ${who} must act on it.`);
  }
  await decide(acting, collection, id, approve, message);
}

/** What an approval changes in the schedule, in the order Shifts reports it. */
function effects(w: WriteContext, collection: RequestCollection, req: GraphObject): Change[] {
  switch (collection) {
    case 'timeOffRequests': {
      const id = newId(ID_PREFIX.timesOff);
      const item = { startDateTime: req.startDateTime, endDateTime: req.endDateTime, timeOffReasonId: req.timeOffReasonId, theme: 'white' };
      const after = tracked(w.actor, { id, userId: req.senderUserId, sharedTimeOff: item, draftTimeOff: null, isStagedForDeletion: false }, undefined);
      return [{ collection: 'timesOff', method: 'POST', id, after, notify: false }];
    }
    case 'swapShiftsChangeRequests': {
      // The five-item transaction: the swap (above), both old shifts deleted, both new created.
      const a = activeShift(w, String(req.senderShiftId));
      const b = activeShift(w, String(req.recipientShiftId));
      const forRecipient = copyShift(w, a, String(b.userId));
      const forSender = copyShift(w, b, String(a.userId));
      return [
        { collection: 'shifts', method: 'DELETE', id: String(a.id), after: undefined, callbackBody: a },
        { collection: 'shifts', method: 'DELETE', id: String(b.id), after: undefined, callbackBody: b },
        { collection: 'shifts', method: 'POST', id: forRecipient.id, after: forRecipient.shift },
        { collection: 'shifts', method: 'POST', id: forSender.id, after: forSender.shift },
        ...siblings(w, String(req.id), [String(a.id), String(b.id)]),
      ];
    }
    case 'offerShiftRequests': {
      const a = activeShift(w, String(req.senderShiftId));
      const moved = copyShift(w, a, String(req.recipientUserId));
      return [
        { collection: 'shifts', method: 'DELETE', id: String(a.id), after: undefined, callbackBody: a },
        { collection: 'shifts', method: 'POST', id: moved.id, after: moved.shift },
        ...siblings(w, String(req.id), [String(a.id)]),
      ];
    }
    case 'openShiftChangeRequests': {
      const open = existing(w, 'openShifts', String(req.openShiftId));
      const item = (open.sharedOpenShift ?? open.draftOpenShift) as GraphObject;
      const { openSlotCount, ...shiftItem } = item;
      const id = newId(ID_PREFIX.shifts);
      const shift = tracked(
        w.actor,
        { id, userId: req.senderUserId, schedulingGroupId: open.schedulingGroupId ?? null, sharedShift: shiftItem, draftShift: null, isStagedForDeletion: false },
        undefined,
      );
      const left = Number(openSlotCount) - 1;
      const slots: Change =
        left > 0
          ? {
              collection: 'openShifts',
              method: 'PUT',
              id: String(open.id),
              after: tracked(w.actor, { ...open, sharedOpenShift: { ...item, openSlotCount: left } }, open),
              notify: false,
            }
          : { collection: 'openShifts', method: 'DELETE', id: String(open.id), after: undefined, notify: false };
      return [{ collection: 'shifts', method: 'POST', id, after: shift }, slots];
    }
  }
}
