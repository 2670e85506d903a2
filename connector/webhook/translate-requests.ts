/**
 * Translators of the four request types (swap, offer, open shift, time off): creation,
 * lifecycle transitions from the state Shifts reports, and withdrawal.
 */
import type { WfmCommand } from '../wfm/contract.ts';
import { normaliseEnum, type ShiftsEntityType } from './entity-types.ts';
import {
  offerShiftRequestEntitySchema,
  openShiftRequestEntitySchema,
  swapRequestEntitySchema,
  timeOffRequestEntitySchema,
} from './schemas.ts';
import { employee, instant, lastModifiedUser, mapped, parseBody, version, type IdResolver, type ItemPlan, type Translator } from './translate-helpers.ts';

/** Shared handling of the four request types: create, transitions, cancel. */
function requestTranslator(
  kind: 'swap' | 'offer' | 'openShift' | 'timeOff',
  create: (body: Record<string, unknown>, senderEmployeeId: string, ids: IdResolver, plan: ItemPlan) => Promise<WfmCommand>,
): Translator {
  const schema = {
    swap: swapRequestEntitySchema,
    offer: offerShiftRequestEntitySchema,
    openShift: openShiftRequestEntitySchema,
    timeOff: timeOffRequestEntitySchema,
  }[kind];
  return async (input, method, plan, ids) => {
    plan.actor.role = 'worker';
    if (method === 'DELETE' || input.body === null || input.body === undefined) {
      // The sender withdraws the request. Shifts only lets the sender do that; when the body
      // does not say who it was, the change is attributed to Shifts itself.
      plan.operation = 'delete';
      const sender = typeof input.body === 'object' && input.body !== null ? (input.body as { senderUserId?: unknown }).senderUserId : undefined;
      if (typeof sender === 'string' && sender !== '') plan.actor.userId = sender;
      else plan.actor = { employeeId: null, role: 'system', userId: null };
      const m = await ids.wfmEntity('request', input.entityId);
      if (!m) return { type: 'noop', wfmEntityType: 'request' };
      return { type: 'apply', commands: [{ kind: 'request.transition', id: m.wfmId, ...version(m), transition: 'cancel', message: null }] };
    }
    const body = parseBody(schema, input.body, 'request') as Record<string, unknown> & {
      state?: string | null;
      assignedTo?: string | null;
      senderUserId?: string | null;
      recipientUserId?: string | null;
      managerActionMessage?: string | null;
      recipientActionMessage?: string | null;
      lastModifiedBy?: { user?: { id?: string | null } | null } | null;
    };
    const state = normaliseEnum(body.state) ?? 'pending';
    const assignedTo = normaliseEnum(body.assignedTo) ?? 'manager';
    plan.actor.userId = lastModifiedUser(body) ?? body.senderUserId ?? null;
    if (assignedTo === 'system') {
      // Shifts declined it itself (e.g. a sibling of an approved swap): nothing to ask the WFM.
      plan.actor = { employeeId: null, role: 'system', userId: null };
      return { type: 'noop', wfmEntityType: 'request' };
    }
    if (method === 'POST') {
      const sender = await employee(ids, body.senderUserId);
      plan.actor.employeeId = sender;
      return { type: 'apply', commands: [await create(body, sender, ids, plan)] };
    }
    const transition = requestTransition(kind, state, assignedTo);
    if (!transition) return { type: 'noop', wfmEntityType: 'request' };
    if (transition === 'approve' || (transition === 'decline' && assignedTo === 'manager')) plan.actor.role = 'manager';
    else if (!lastModifiedUser(body)) plan.actor.userId = body.recipientUserId ?? null;
    const m = await mapped(ids, 'request', input.entityId, 'request');
    const message = plan.actor.role === 'manager' ? (body.managerActionMessage ?? null) : (body.recipientActionMessage ?? null);
    return { type: 'apply', commands: [{ kind: 'request.transition', id: m.wfmId, ...version(m), transition, message }] };
  };
}

/**
 * The transition a PUT expresses, from the state it carries and who must act next:
 * `Pending/Manager` on a swap or offer means the recipient accepted.
 */
function requestTransition(kind: string, state: string, assignedTo: string): 'accept' | 'approve' | 'decline' | null {
  if (state === 'approved') return 'approve';
  if (state === 'declined') return 'decline';
  if (state === 'pending' && assignedTo === 'manager' && (kind === 'swap' || kind === 'offer')) return 'accept';
  return null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Translators of the request entity types. */
export const REQUEST_TRANSLATORS: Record<Extract<ShiftsEntityType, 'swapRequest' | 'offerShiftRequest' | 'openShiftRequest' | 'timeOffRequest'>, Translator> = {
  swapRequest: requestTranslator('swap', async (body, sender, ids) => ({
    kind: 'request.create',
    data: {
      kind: 'swap',
      senderEmployeeId: sender,
      recipientEmployeeId: await employee(ids, str(body.recipientUserId)),
      senderShiftId: (await mapped(ids, 'shift', str(body.senderShiftId), 'shift to swap')).wfmId,
      recipientShiftId: (await mapped(ids, 'shift', str(body.recipientShiftId), 'shift asked for')).wfmId,
      openShiftId: null,
      reasonId: null,
      start: null,
      end: null,
      senderMessage: str(body.senderMessage),
    },
  })),
  offerShiftRequest: requestTranslator('offer', async (body, sender, ids) => ({
    kind: 'request.create',
    data: {
      kind: 'offer',
      senderEmployeeId: sender,
      recipientEmployeeId: await employee(ids, str(body.recipientUserId)),
      senderShiftId: (await mapped(ids, 'shift', str(body.senderShiftId), 'shift offered')).wfmId,
      recipientShiftId: null,
      openShiftId: null,
      reasonId: null,
      start: null,
      end: null,
      senderMessage: str(body.senderMessage),
    },
  })),
  openShiftRequest: requestTranslator('openShift', async (body, sender, ids) => ({
    kind: 'request.create',
    data: {
      kind: 'openShift',
      senderEmployeeId: sender,
      recipientEmployeeId: null,
      senderShiftId: null,
      recipientShiftId: null,
      openShiftId: (await mapped(ids, 'openShift', str(body.openShiftId), 'open shift')).wfmId,
      reasonId: null,
      start: null,
      end: null,
      senderMessage: str(body.senderMessage),
    },
  })),
  timeOffRequest: requestTranslator('timeOff', async (body, sender, ids, plan) => {
    const start = instant(str(body.startDateTime), 'time-off start');
    const end = instant(str(body.endDateTime), 'time-off end');
    plan.subject = { employeeId: sender, start, end };
    return {
      kind: 'request.create',
      data: {
        kind: 'timeOff',
        senderEmployeeId: sender,
        recipientEmployeeId: null,
        senderShiftId: null,
        recipientShiftId: null,
        openShiftId: null,
        reasonId: (await mapped(ids, 'timeOffReason', str(body.timeOffReasonId), 'time-off reason')).wfmId,
        start,
        end,
        senderMessage: str(body.senderMessage),
      },
    };
  }),
};
