/**
 * Types shared by the /update pipeline: one parsed item (`Entry`) and what was decided for it
 * (`Outcome`), plus the mapping writes to make in the same transaction as the decisions.
 */
import type { EntityMappingInput } from '../mappings/index.ts';
import type { WfmEntityType } from '../wfm/contract.ts';
import type { ParsedUpdateUrl } from './entity-types.ts';
import type { WfiRequestItem, WfiResponseItem } from './schemas.ts';
import type { Operation } from './translate.ts';

/** One /update item after the envelope: its id, entity type, idempotency key and expiry. */
export interface Entry {
  id: string;
  /** The item as validated; null when it does not even have a method and url. */
  item: WfiRequestItem | null;
  url: ParsedUpdateUrl;
  transactionId: string | undefined;
  /** `X-MS-Expires` as epoch ms. */
  expiresAt: number | undefined;
}

export interface Outcome {
  response: WfiResponseItem;
  decision: 'approved' | 'rejected' | 'passthrough';
  operation: Operation;
  actingUserId: string | null;
  wfmId: string | null;
  subject: { employeeId: string | null; start: string | null; end: string | null } | null;
}

export type MappingWrite =
  | { op: 'upsert'; input: EntityMappingInput }
  | { op: 'delete'; teamId: string; entityType: WfmEntityType; wfmId: string };

/** The entity type recorded for an item: normalised when known, the raw URL segment otherwise. */
export function entityTypeOf(e: Entry): string {
  return e.url.ok ? e.url.entityType : e.url.segment || 'unknown';
}

/**
 * The entity label of an item on metrics: a known entity type or `unknown`, never a segment as
 * sent, so a caller cannot create label values (and time series) at will.
 */
export function metricEntityOf(e: Entry): string {
  return e.url.ok ? e.url.entityType : 'unknown';
}

export function entityIdOf(e: Entry): string {
  return e.url.ok ? e.url.entityId : '';
}

/** The operation an item asks for, from its method and (for PUT) a deleted-flag in its body. */
export function operationOf(e: Entry): Operation {
  const method = e.item?.method.toUpperCase();
  if (method === 'POST') return 'create';
  if (method === 'DELETE') return 'delete';
  const body = e.item?.body as Record<string, { isActive?: unknown } | undefined> | null | undefined;
  if (body && typeof body === 'object') {
    for (const key of ['draftShift', 'sharedShift', 'draftOpenShift', 'sharedOpenShift', 'draftTimeOff', 'sharedTimeOff']) {
      if (body[key]?.isActive === false) return 'delete';
    }
  }
  return 'update';
}

/** Who made the change, when the body says so (`lastModifiedBy`, else the request's sender). */
export function actingUserOf(e: Entry): string | null {
  const body = e.item?.body as { lastModifiedBy?: { user?: { id?: unknown } | null } | null; senderUserId?: unknown } | null | undefined;
  if (!body || typeof body !== 'object') return null;
  const id = body.lastModifiedBy?.user?.id ?? body.senderUserId;
  return typeof id === 'string' && id !== '' ? id : null;
}
