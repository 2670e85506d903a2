/**
 * Translation of one /update item (a Shifts entity change) into WFM commands. Pure apart from
 * the id lookups, which come through `IdResolver` so this file knows nothing of the store.
 *
 * Shifts ids and Entra user ids are mapped to WFM ids here; anything that cannot be mapped is
 * a rejection with a stable code and a sentence the person in Shifts understands.
 */
import type { Actor, WfmActivity, WfmCommand, WfmEntityType } from '../wfm/contract.ts';
import { normaliseEnum, type ShiftsEntityType } from './entity-types.ts';
import {
  offerShiftRequestEntitySchema,
  openShiftEntitySchema,
  openShiftRequestEntitySchema,
  shiftEntitySchema,
  swapRequestEntitySchema,
  timeOffEntitySchema,
  timeOffRequestEntitySchema,
  type ShiftsShiftItem,
} from './schemas.ts';

export type Operation = 'create' | 'update' | 'delete';

/** Id lookups the translation needs (backed by connector/mappings). */
export interface IdResolver {
  employeeForUser(userId: string): Promise<string | undefined>;
  /** The WFM id (and last known WFM version) of a Shifts entity. */
  wfmEntity(type: WfmEntityType, shiftsId: string): Promise<{ wfmId: string; version: string | null } | undefined>;
}

export interface Rejection {
  status: number;
  code: string;
  message: string;
}

/** What to do with one item. */
export type ItemAction =
  /** Send these commands to the WFM; their last result is the item's eTag. */
  | { type: 'apply'; commands: WfmCommand[] }
  /** Approve without a WFM command (nothing to change); eTag from the mapping when known. */
  | { type: 'noop'; wfmEntityType: WfmEntityType | null }
  /**
   * A shift / time off Shifts creates as the effect of a request approval in the same
   * request (swap, offer, open shift, time off): the WFM applies it through the approval, and
   * the new Shifts id is mapped to the resulting WFM entity afterwards.
   */
  | { type: 'effect'; wfmEntityType: 'shift' | 'timeOff'; employeeId: string; start: string; end: string }
  | { type: 'reject'; rejection: Rejection };

export interface ItemPlan {
  operation: Operation;
  actor: Actor;
  /** For the audit and alerts: who and when the change is about (UTC instants). */
  subject: { employeeId: string | null; start: string | null; end: string | null };
  action: ItemAction;
}

export interface TranslateInput {
  entityType: ShiftsEntityType;
  entityId: string;
  method: string;
  body: unknown;
  /** True when the same request approves a request whose effect includes this item. */
  partOfApproval: boolean;
}

const reject = (status: number, code: string, message: string): ItemAction => ({
  type: 'reject',
  rejection: { status, code, message },
});

const invalid = (message: string) => reject(400, 'INVALID_INPUT', message);

class TranslationStop {
  constructor(readonly action: ItemAction) {}
}

/** True for a request-type item whose change approves the request (its effects follow). */
export function isApprovalItem(entityType: ShiftsEntityType, method: string, body: unknown): boolean {
  if (!['swapRequest', 'offerShiftRequest', 'openShiftRequest', 'timeOffRequest'].includes(entityType)) return false;
  if (method.toUpperCase() !== 'PUT' || typeof body !== 'object' || body === null) return false;
  const state = normaliseEnum((body as { state?: unknown }).state as string | undefined);
  return state === 'approved';
}

/** Translates one item. Never throws for bad input: it returns a `reject` action instead. */
export async function translateItem(input: TranslateInput, ids: IdResolver): Promise<ItemPlan> {
  const method = input.method.toUpperCase();
  const plan: ItemPlan = {
    operation: method === 'POST' ? 'create' : method === 'DELETE' ? 'delete' : 'update',
    actor: { employeeId: null, role: 'manager', userId: null },
    subject: { employeeId: null, start: null, end: null },
    action: { type: 'noop', wfmEntityType: null },
  };
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
    plan.action = invalid(`The change method ${input.method} is not supported.`);
    return plan;
  }
  try {
    plan.action = await TRANSLATORS[input.entityType](input, method, plan, ids);
  } catch (e) {
    if (e instanceof TranslationStop) plan.action = e.action;
    else throw e;
  }
  if (plan.actor.userId && !plan.actor.employeeId && plan.actor.role !== 'system') {
    plan.actor.employeeId = (await ids.employeeForUser(plan.actor.userId)) ?? null;
  }
  return plan;
}

type Translator = (input: TranslateInput, method: string, plan: ItemPlan, ids: IdResolver) => Promise<ItemAction>;

function parseBody<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new TranslationStop(invalid(`The ${what} in this change is not in the expected format.`));
  return parsed.data;
}

function instant(value: string | null | undefined, what: string): string {
  const t = value ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new TranslationStop(invalid(`The ${what} is not a valid date and time.`));
  return new Date(t).toISOString();
}

async function employee(ids: IdResolver, userId: string | null | undefined): Promise<string> {
  const id = userId ? await ids.employeeForUser(userId) : undefined;
  if (!id) {
    throw new TranslationStop(
      reject(400, 'UNKNOWN_EMPLOYEE', 'This person is not set up in the workforce management system yet.'),
    );
  }
  return id;
}

async function mapped(ids: IdResolver, type: WfmEntityType, shiftsId: string | null | undefined, what: string) {
  const m = shiftsId ? await ids.wfmEntity(type, shiftsId) : undefined;
  if (!m) throw new TranslationStop(reject(404, 'NOT_FOUND', `The ${what} is not known to the workforce management system.`));
  return m;
}

async function job(ids: IdResolver, groupId: string | null | undefined): Promise<string | null> {
  if (!groupId) return null;
  const m = await ids.wfmEntity('job', groupId);
  if (!m) {
    throw new TranslationStop(
      reject(400, 'UNKNOWN_GROUP', 'This group is not linked to a job in the workforce management system.'),
    );
  }
  return m.wfmId;
}

function activities(item: ShiftsShiftItem): WfmActivity[] {
  return (item.activities ?? []).map((a) => ({
    start: instant(a.startDateTime, 'activity start'),
    end: instant(a.endDateTime, 'activity end'),
    code: a.code ?? '',
    displayName: a.displayName ?? '',
    isPaid: a.isPaid ?? true,
  }));
}

const lastModifiedUser = (body: { lastModifiedBy?: { user?: { id?: string | null } | null } | null }) =>
  body.lastModifiedBy?.user?.id ?? null;

const translateShift: Translator = async (input, method, plan, ids) => {
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

const translateOpenShift: Translator = async (input, method, plan, ids) => {
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

const translateTimeOff: Translator = async (input, method, plan, ids) => {
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

const translateTimeOffReason: Translator = async (input, _method, plan) => {
  if (input.body && typeof input.body === 'object') plan.actor.userId = lastModifiedUser(input.body as never);
  return reject(403, 'MANAGED_IN_WFM', 'Time-off reasons are managed in the workforce management system; change them there.');
};

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

const TRANSLATORS: Record<ShiftsEntityType, Translator> = {
  shift: translateShift,
  openShift: translateOpenShift,
  timeOff: translateTimeOff,
  timeOffReason: translateTimeOffReason,
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

function version(m: { version: string | null }): { expectedVersion?: string } {
  return m.version ? { expectedVersion: m.version } : {};
}
