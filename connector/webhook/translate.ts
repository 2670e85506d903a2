/**
 * Translation of one /update item (a Shifts entity change) into WFM commands. Pure apart from
 * the id lookups, which come through `IdResolver` so this code knows nothing of the store.
 *
 * Shifts ids and Entra user ids are mapped to WFM ids here; anything that cannot be mapped is
 * a rejection with a stable code and a sentence the person in Shifts understands.
 */
import { normaliseEnum, type ShiftsEntityType } from './entity-types.ts';
import { invalid, TranslationStop, type IdResolver, type ItemPlan, type TranslateInput, type Translator } from './translate-helpers.ts';
import { REQUEST_TRANSLATORS } from './translate-requests.ts';
import { translateOpenShift, translateShift, translateTimeOff, translateTimeOffReason } from './translate-schedule.ts';

export type { IdResolver, ItemAction, ItemPlan, Operation, Rejection, TranslateInput } from './translate-helpers.ts';

const TRANSLATORS: Record<ShiftsEntityType, Translator> = {
  shift: translateShift,
  openShift: translateOpenShift,
  timeOff: translateTimeOff,
  timeOffReason: translateTimeOffReason,
  ...REQUEST_TRANSLATORS,
};

/** True for a request-type item whose change approves the request (its effects follow). */
export function isApprovalItem(entityType: ShiftsEntityType, method: string, body: unknown): boolean {
  if (!['swapRequest', 'offerShiftRequest', 'openShiftRequest', 'timeOffRequest'].includes(entityType)) return false;
  if (method.toUpperCase() !== 'PUT' || typeof body !== 'object' || body === null) return false;
  // A state that is not a string is malformed; the translator answers it 400 INVALID_INPUT.
  const state = (body as { state?: unknown }).state;
  return typeof state === 'string' && normaliseEnum(state) === 'approved';
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
  // Workers act as themselves in the WFM; managers and Shifts itself need no employee id.
  if (plan.actor.userId && !plan.actor.employeeId && plan.actor.role === 'worker') {
    plan.actor.employeeId = (await ids.employeeForUser(plan.actor.userId)) ?? null;
  }
  return plan;
}
