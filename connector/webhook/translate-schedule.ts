/**
 * Translators of schedule entities: shifts, open shifts, time off, and time-off reasons (which
 * the WFM manages, so Shifts may not change them).
 */
import { normaliseEnum } from './entity-types.ts';
import { openShiftEntitySchema, shiftEntitySchema, timeOffEntitySchema } from './schemas.ts';
import { activities, employee, instant, invalid, job, lastModifiedUser, mapped, parseBody, reject, version, type Translator } from './translate-helpers.ts';

export const translateShift: Translator = async (input, method, plan, ids) => {
  if (method === 'DELETE' && (input.body === null || input.body === undefined)) {
    const m = await ids.wfmEntity('shift', input.entityId);
    if (!m || input.partOfApproval) return { type: 'noop', wfmEntityType: 'shift' };
    return { type: 'apply', commands: [{ kind: 'shift.delete', id: m.wfmId, ...version(m) }] };
  }
  const body = parseBody(shiftEntitySchema, input.body, 'shift');
  plan.actor.userId = lastModifiedUser(body);
  const item = body.draftShift ?? body.sharedShift;
  const deleting = method === 'DELETE' || body.draftShift?.isActive === false || body.sharedShift?.isActive === false;
  if (deleting) {
    plan.operation = 'delete';
    if (item) plan.subject = { employeeId: null, start: item.startDateTime, end: item.endDateTime };
    const m = await ids.wfmEntity('shift', input.entityId);
    if (!m || input.partOfApproval) return { type: 'noop', wfmEntityType: 'shift' };
    return { type: 'apply', commands: [{ kind: 'shift.delete', id: m.wfmId, ...version(m) }] };
  }
  if (!item) return invalid('The shift in this change has no times.');
  const employeeId = await employee(ids, body.userId);
  const start = instant(item.startDateTime, 'shift start');
  const end = instant(item.endDateTime, 'shift end');
  plan.subject = { employeeId, start, end };
  if (input.partOfApproval) {
    return plan.operation === 'create'
      ? { type: 'effect', wfmEntityType: 'shift', employeeId, start, end }
      : { type: 'noop', wfmEntityType: 'shift' };
  }
  const data = {
    employeeId,
    jobId: await job(ids, body.schedulingGroupId),
    start,
    end,
    label: item.displayName ?? null,
    notes: item.notes ?? null,
    theme: normaliseEnum(item.theme) ?? 'white',
    activities: activities(item),
  };
  if (plan.operation === 'create') return { type: 'apply', commands: [{ kind: 'shift.create', data }] };
  const m = await mapped(ids, 'shift', input.entityId, 'shift');
  return { type: 'apply', commands: [{ kind: 'shift.update', id: m.wfmId, ...version(m), data }] };
};

export const translateOpenShift: Translator = async (input, method, plan, ids) => {
  const body = input.body === null || input.body === undefined ? null : parseBody(openShiftEntitySchema, input.body, 'open shift');
  if (body) plan.actor.userId = lastModifiedUser(body);
  const item = body ? (body.draftOpenShift ?? body.sharedOpenShift) : null;
  const deleting =
    method === 'DELETE' || body?.draftOpenShift?.isActive === false || body?.sharedOpenShift?.isActive === false;
  if (item) plan.subject = { employeeId: null, start: item.startDateTime, end: item.endDateTime };
  if (input.partOfApproval) return { type: 'noop', wfmEntityType: 'openShift' };
  if (deleting) {
    plan.operation = 'delete';
    const m = await ids.wfmEntity('openShift', input.entityId);
    if (!m) return { type: 'noop', wfmEntityType: 'openShift' };
    return { type: 'apply', commands: [{ kind: 'openShift.delete', id: m.wfmId, ...version(m) }] };
  }
  if (!body || !item) return invalid('The open shift in this change has no times.');
  const data = {
    jobId: await job(ids, body.schedulingGroupId),
    start: instant(item.startDateTime, 'open shift start'),
    end: instant(item.endDateTime, 'open shift end'),
    slots: item.openSlotCount ?? 1,
    label: item.displayName ?? null,
    notes: item.notes ?? null,
    theme: normaliseEnum(item.theme) ?? 'white',
    activities: activities(item),
  };
  if (plan.operation === 'create') return { type: 'apply', commands: [{ kind: 'openShift.create', data }] };
  const m = await mapped(ids, 'openShift', input.entityId, 'open shift');
  return { type: 'apply', commands: [{ kind: 'openShift.update', id: m.wfmId, ...version(m), data }] };
};

export const translateTimeOff: Translator = async (input, method, plan, ids) => {
  const body = input.body === null || input.body === undefined ? null : parseBody(timeOffEntitySchema, input.body, 'time off');
  if (body) plan.actor.userId = lastModifiedUser(body);
  const item = body ? (body.draftTimeOff ?? body.sharedTimeOff) : null;
  const deleting = method === 'DELETE' || body?.draftTimeOff?.isActive === false || body?.sharedTimeOff?.isActive === false;
  if (item) plan.subject = { employeeId: null, start: item.startDateTime, end: item.endDateTime };
  if (deleting) {
    plan.operation = 'delete';
    const m = await ids.wfmEntity('timeOff', input.entityId);
    if (!m || input.partOfApproval) return { type: 'noop', wfmEntityType: 'timeOff' };
    return { type: 'apply', commands: [{ kind: 'timeOff.delete', id: m.wfmId, ...version(m) }] };
  }
  if (!body || !item) return invalid('The time off in this change has no times.');
  const employeeId = await employee(ids, body.userId);
  const start = instant(item.startDateTime, 'time-off start');
  const end = instant(item.endDateTime, 'time-off end');
  plan.subject = { employeeId, start, end };
  if (input.partOfApproval) {
    return plan.operation === 'create'
      ? { type: 'effect', wfmEntityType: 'timeOff', employeeId, start, end }
      : { type: 'noop', wfmEntityType: 'timeOff' };
  }
  const reason = await mapped(ids, 'timeOffReason', item.timeOffReasonId, 'time-off reason');
  const data = { employeeId, reasonId: reason.wfmId, start, end, notes: null };
  if (plan.operation === 'create') return { type: 'apply', commands: [{ kind: 'timeOff.create', data }] };
  const m = await mapped(ids, 'timeOff', input.entityId, 'time off');
  return { type: 'apply', commands: [{ kind: 'timeOff.update', id: m.wfmId, ...version(m), data }] };
};

export const translateTimeOffReason: Translator = async (input, _method, plan) => {
  if (input.body && typeof input.body === 'object') plan.actor.userId = lastModifiedUser(input.body as never);
  return reject(403, 'MANAGED_IN_WFM', 'Time-off reasons are managed in the workforce management system; change them there.');
};
