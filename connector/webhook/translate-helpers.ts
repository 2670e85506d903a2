/**
 * Shared vocabulary of the /update translation: what an item becomes (`ItemPlan`), how ids are
 * looked up (`IdResolver`), and the small helpers every entity translator uses.
 */
import type { Actor, WfmActivity, WfmCommand, WfmEntityType } from '../wfm/contract.ts';
import type { ShiftsEntityType } from './entity-types.ts';
import type { ShiftsShiftItem } from './schemas.ts';

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

export const reject = (status: number, code: string, message: string): ItemAction => ({
  type: 'reject',
  rejection: { status, code, message },
});

export const invalid = (message: string) => reject(400, 'INVALID_INPUT', message);

export class TranslationStop {
  constructor(readonly action: ItemAction) {}
}

export type Translator = (input: TranslateInput, method: string, plan: ItemPlan, ids: IdResolver) => Promise<ItemAction>;

export function parseBody<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new TranslationStop(invalid(`The ${what} in this change is not in the expected format.`));
  return parsed.data;
}

/**
 * Instants a schedule change may name: 1970 up to (not including) 2200. Anything outside is a
 * typing or encoding mistake, and some of it cannot be stored or sent at all (year 10000 and
 * beyond has no four-digit ISO form), so it is a permanent 400 rather than a store error.
 */
export const INSTANT_RANGE = { min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) } as const;

export function instant(value: string | null | undefined, what: string): string {
  const t = value ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new TranslationStop(invalid(`The ${what} is not a valid date and time.`));
  if (t < INSTANT_RANGE.min || t >= INSTANT_RANGE.max) {
    throw new TranslationStop(invalid(`The ${what} must be between the years 1970 and 2199.`));
  }
  return new Date(t).toISOString();
}

export async function employee(ids: IdResolver, userId: string | null | undefined): Promise<string> {
  const id = userId ? await ids.employeeForUser(userId) : undefined;
  if (!id) {
    throw new TranslationStop(
      reject(400, 'UNKNOWN_EMPLOYEE', 'This person is not set up in the workforce management system yet.'),
    );
  }
  return id;
}

export async function mapped(ids: IdResolver, type: WfmEntityType, shiftsId: string | null | undefined, what: string) {
  const m = shiftsId ? await ids.wfmEntity(type, shiftsId) : undefined;
  if (!m) throw new TranslationStop(reject(404, 'NOT_FOUND', `The ${what} is not known to the workforce management system.`));
  return m;
}

export async function job(ids: IdResolver, groupId: string | null | undefined): Promise<string | null> {
  if (!groupId) return null;
  const m = await ids.wfmEntity('job', groupId);
  if (!m) {
    throw new TranslationStop(
      reject(400, 'UNKNOWN_GROUP', 'This group is not linked to a job in the workforce management system.'),
    );
  }
  return m.wfmId;
}

export function activities(item: ShiftsShiftItem): WfmActivity[] {
  return (item.activities ?? []).map((a) => ({
    start: instant(a.startDateTime, 'activity start'),
    end: instant(a.endDateTime, 'activity end'),
    code: a.code ?? '',
    displayName: a.displayName ?? '',
    isPaid: a.isPaid ?? true,
  }));
}

export const lastModifiedUser = (body: { lastModifiedBy?: { user?: { id?: string | null } | null } | null }) =>
  body.lastModifiedBy?.user?.id ?? null;

/** The last WFM version known for an entity, as `expectedVersion` (stale edits conflict). */
export function version(m: { version: string | null }): { expectedVersion?: string } {
  return m.version ? { expectedVersion: m.version } : {};
}
