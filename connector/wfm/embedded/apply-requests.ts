/**
 * Command handlers for requests: creating a time-off, swap, offer or open-shift request
 * (with its eligibility checked up front), and moving one through its lifecycle. Approval
 * applies the request in the schedule inside the same transaction.
 */
import type { CommandResult, RequestInput, RequestTransition, WfmRequest, WfmShift } from '../contract.ts';
import { checkCandidates, toSpan } from './checks.ts';
import { abort, checkVersion, emitChange, employeeOf, invalid, jobOf, lockEmployees, nextVersion, normIso, result, violation, type ApplyContext } from './context.ts';
import { assertTimeOffAllowed, assertUnlocked, loadShift, writeOpenShift, writeShift, writeTimeOff } from './apply-schedule.ts';
import { findTransition, initialAssignee } from './lifecycle.ts';
import { deleteOpenShiftRow, getOpenShift, getRequest, saveRequest } from './repo-schedule.ts';

const swapNotEligible = (message: string) => abort('rule_violation', 'SWAP_NOT_ELIGIBLE', message);

function requireField<T>(v: T | null, what: string): T {
  if (v === null) invalid(`A request of this kind needs ${what}.`);
  return v!;
}

/** Workers act for themselves only; managers and the system may act for anyone. */
function assertActingAs(ctx: ApplyContext, employeeId: string | null): void {
  if (ctx.actor.role === 'worker' && ctx.actor.employeeId !== employeeId) {
    abort('not_allowed', 'NOT_ALLOWED', "You can only act on your own requests.");
  }
}

async function employeeInTeam(ctx: ApplyContext, id: string) {
  const e = await employeeOf(ctx, id);
  if (!e || !e.teamIds.includes(ctx.team.team.id)) invalid(`Employee ${id} isn't part of this team.`);
  return e!;
}

/**
 * Swap and offer eligibility: same team and job, and no rule broken once the shifts changed
 * hands. Returns the shifts in their post-exchange state.
 */
export async function exchangeCheck(ctx: ApplyContext, senderShift: WfmShift, recipientId: string, recipientShift: WfmShift | null): Promise<WfmShift[]> {
  if (recipientId === senderShift.employeeId) swapNotEligible("You can't swap or offer a shift to yourself.");
  const recipient = await employeeInTeam(ctx, recipientId);
  if (recipientShift) {
    if (recipientShift.employeeId !== recipientId) swapNotEligible('That shift belongs to someone else now.');
    if (recipientShift.jobId !== senderShift.jobId) swapNotEligible('Shifts can only be swapped within the same job.');
  } else if (senderShift.jobId !== null && !recipient.jobIds.includes(senderShift.jobId)) {
    const job = await jobOf(ctx, senderShift.jobId);
    swapNotEligible(`${recipient.displayName} isn't set up to work as ${job?.name ?? 'this job'}.`);
  }
  const after = [{ ...senderShift, employeeId: recipientId }];
  if (recipientShift) after.push({ ...recipientShift, employeeId: senderShift.employeeId });
  const spans = after.map(toSpan);
  await lockEmployees(ctx, spans.map((x) => x.employeeId));
  const v = await checkCandidates(ctx.q, spans, spans, [], [ctx.team]);
  if (v) swapNotEligible(`This exchange would break a rule: ${v.message}`);
  return after;
}

export async function createRequest(ctx: ApplyContext, data: RequestInput): Promise<CommandResult> {
  assertActingAs(ctx, data.senderEmployeeId);
  const sender = await employeeInTeam(ctx, data.senderEmployeeId);
  const base: WfmRequest = {
    ...data,
    id: ctx.newId(),
    version: '1',
    teamId: ctx.team.team.id,
    state: 'pending',
    assignedTo: initialAssignee(data.kind),
    start: data.start === null ? null : normIso(data.start),
    end: data.end === null ? null : normIso(data.end),
    managerMessage: null,
    createdAt: new Date(ctx.now).toISOString(),
  };
  if (data.kind === 'timeOff') {
    const reasonId = requireField(data.reasonId, 'a time-off reason');
    const start = requireField(data.start, 'a start');
    const end = requireField(data.end, 'an end');
    await assertTimeOffAllowed(ctx, { employeeId: sender.id, reasonId, start, end, notes: null });
  } else if (data.kind === 'swap' || data.kind === 'offer') {
    const shift = await loadShift(ctx, requireField(data.senderShiftId, 'your shift'));
    if (shift.employeeId !== sender.id) swapNotEligible('You can only swap or offer your own shifts.');
    const recipientId = requireField(data.recipientEmployeeId, 'a colleague');
    const other = data.kind === 'swap' ? await loadShift(ctx, requireField(data.recipientShiftId, "the colleague's shift")) : null;
    assertUnlocked(ctx, shift.start, ...(other ? [other.start] : []));
    await exchangeCheck(ctx, shift, recipientId, other);
    // Times of the shift being given away, so lists by window find the request.
    base.start = shift.start;
    base.end = shift.end;
  } else {
    const open = await getOpenShift(ctx.q, requireField(data.openShiftId, 'an open shift'), true);
    if (!open || open.teamId !== ctx.team.team.id) return abort('not_found', 'NOT_FOUND', 'This open shift no longer exists.');
    if (open.jobId !== null && !sender.jobIds.includes(open.jobId)) {
      invalid(`${sender.displayName} isn't set up to work this open shift's job.`);
    }
    assertUnlocked(ctx, open.start);
    await lockEmployees(ctx, [sender.id]);
    const v = await checkCandidates(ctx.q, [toSpan({ ...open, id: `${open.id}#claim`, employeeId: sender.id })], [], [], [ctx.team]);
    if (v) violation(v);
    base.start = open.start;
    base.end = open.end;
  }
  await saveRequest(ctx.q, base);
  await emitChange(ctx, { entityType: 'request', id: base.id, teamId: base.teamId, op: 'created', entity: base });
  return result('request', base.id, base.version, 'created');
}

function assertMayPerform(ctx: ApplyContext, by: 'recipient' | 'manager' | 'sender', r: WfmRequest): void {
  const { role, employeeId } = ctx.actor;
  if (role === 'system') return;
  const ok =
    by === 'manager'
      ? role === 'manager'
      : by === 'recipient'
        ? employeeId === r.recipientEmployeeId
        : employeeId === r.senderEmployeeId || role === 'manager';
  if (!ok) {
    const who = by === 'manager' ? 'a manager' : by === 'recipient' ? 'the colleague who was asked' : 'the person who sent it';
    abort('not_allowed', 'NOT_ALLOWED', `Only ${who} can do that with this request.`);
  }
}

/** Applies an approved request in the schedule. */
async function applyApproved(ctx: ApplyContext, r: WfmRequest): Promise<void> {
  if (r.kind === 'timeOff') {
    const data = { employeeId: r.senderEmployeeId, reasonId: r.reasonId!, start: r.start!, end: r.end!, notes: r.senderMessage };
    await assertTimeOffAllowed(ctx, data);
    await writeTimeOff(ctx, { ...data, id: ctx.newId(), version: '1', teamId: r.teamId }, 'created');
  } else if (r.kind === 'swap' || r.kind === 'offer') {
    const shift = await loadShift(ctx, r.senderShiftId!);
    if (shift.employeeId !== r.senderEmployeeId) abort('conflict', 'SHIFT_CHANGED', 'The shift changed hands since the request was sent.');
    const other = r.kind === 'swap' ? await loadShift(ctx, r.recipientShiftId!) : null;
    if (other && other.employeeId !== r.recipientEmployeeId) abort('conflict', 'SHIFT_CHANGED', 'The shift changed hands since the request was sent.');
    assertUnlocked(ctx, shift.start, ...(other ? [other.start] : []));
    const after = await exchangeCheck(ctx, shift, r.recipientEmployeeId!, other);
    for (const s of after) await writeShift(ctx, { ...s, version: nextVersion(s.version) }, 'updated');
  } else {
    const open = await getOpenShift(ctx.q, r.openShiftId!, true);
    if (!open || open.slots < 1) return abort('conflict', 'OPEN_SHIFT_FILLED', 'This open shift has already been filled.');
    assertUnlocked(ctx, open.start);
    const { slots, version, id, ...rest } = open;
    void id;
    await writeShift(ctx, { ...rest, id: ctx.newId(), version: '1', employeeId: r.senderEmployeeId }, 'created');
    if (slots > 1) await writeOpenShift(ctx, { ...open, slots: slots - 1, version: nextVersion(version) }, 'updated');
    else {
      await deleteOpenShiftRow(ctx.q, open.id);
      await emitChange(ctx, { entityType: 'openShift', id: open.id, teamId: open.teamId, op: 'deleted', entity: open });
    }
  }
}

export async function transitionRequest(
  ctx: ApplyContext,
  id: string,
  expected: string | undefined,
  transition: RequestTransition,
  message: string | null,
): Promise<CommandResult> {
  const r = await getRequest(ctx.q, id, true);
  if (!r || r.teamId !== ctx.team.team.id) return abort('not_found', 'NOT_FOUND', 'This request no longer exists.');
  checkVersion(r, expected);
  const rule = findTransition(r.kind, r.state, r.assignedTo, transition);
  if (!rule) {
    const why = r.state === 'pending' ? `it is waiting for ${r.assignedTo === 'recipient' ? 'the colleague' : 'a manager'}` : `it is already ${r.state}`;
    return abort('rule_violation', 'INVALID_TRANSITION', `This request can't be ${transition === 'accept' ? 'accepted' : `${transition}d`}: ${why}.`);
  }
  assertMayPerform(ctx, rule.by, r);
  if (rule.applies) await applyApproved(ctx, r);
  const next: WfmRequest = {
    ...r,
    ...rule.to,
    version: nextVersion(r.version),
    managerMessage: rule.by === 'manager' && message !== null ? message : r.managerMessage,
  };
  await saveRequest(ctx.q, next);
  await emitChange(ctx, { entityType: 'request', id: r.id, teamId: r.teamId, op: 'updated', entity: next });
  return result('request', r.id, next.version, 'updated');
}
