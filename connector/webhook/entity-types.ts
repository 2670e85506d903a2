/**
 * Shifts entity types as they appear in /update callback URLs (`/{entityType}/{entityId}`,
 * mixed casing), their normalised names, and the enum-casing normalisation the webhook needs.
 */
import type { WfiEntityType } from '../config/schema.ts';

/** Normalised entity type names (camelCase singular), as in decisions and alerts. */
export const SHIFTS_ENTITY_TYPES = [
  'shift',
  'swapRequest',
  'openShift',
  'openShiftRequest',
  'offerShiftRequest',
  'timeOff',
  'timeOffRequest',
  'timeOffReason',
] as const;
export type ShiftsEntityType = (typeof SHIFTS_ENTITY_TYPES)[number];

/** URL segment (lower-cased) → entity type. */
const BY_SEGMENT: ReadonlyMap<string, ShiftsEntityType> = new Map([
  ['shifts', 'shift'],
  ['swaprequests', 'swapRequest'],
  ['openshifts', 'openShift'],
  ['openshiftrequests', 'openShiftRequest'],
  ['offershiftrequests', 'offerShiftRequest'],
  ['timesoff', 'timeOff'],
  ['timeoffrequests', 'timeOffRequest'],
  ['timeoffreasons', 'timeOffReason'],
]);

/** Entity type → the name used in config lists (`ONE_WAY_ALLOWED_ENTITIES`) and Graph. */
export const CONFIG_NAME: Readonly<Record<ShiftsEntityType, WfiEntityType>> = {
  shift: 'Shift',
  swapRequest: 'SwapRequest',
  openShift: 'OpenShift',
  openShiftRequest: 'OpenShiftRequest',
  offerShiftRequest: 'OfferShiftRequest',
  timeOff: 'TimeOff',
  timeOffRequest: 'TimeOffRequest',
  timeOffReason: 'TimeOffReason',
};

export type ParsedUpdateUrl =
  | { ok: true; entityType: ShiftsEntityType; entityId: string }
  | { ok: false; segment: string };

/** Splits an /update item URL into entity type and id, matching the type case-insensitively. */
export function parseUpdateUrl(url: string): ParsedUpdateUrl {
  const path = url.split('?')[0] ?? '';
  const parts = path.split('/').filter(Boolean);
  const segment = parts.length >= 2 ? parts[parts.length - 2]! : (parts[0] ?? '');
  const entityId = parts.length >= 2 ? decodeSegment(parts[parts.length - 1]!) : '';
  const entityType = BY_SEGMENT.get(segment.toLowerCase());
  if (!entityType || entityId === '') return { ok: false, segment };
  return { ok: true, entityType, entityId };
}

export type ParsedReadUrl =
  | { ok: true; kind: 'timeOffReasons'; userId: string }
  | { ok: true; kind: 'requestableShifts'; shiftId: string; start: string | null; end: string | null }
  | { ok: false };

/** Parses a /read item URL: the two eligibility questions Shifts asks. */
export function parseReadUrl(url: string): ParsedReadUrl {
  const [path = '', query = ''] = url.split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeSegment);
  const params = new URLSearchParams(query);
  if (parts.length === 3 && parts[0]!.toLowerCase() === 'users' && parts[2]!.toLowerCase() === 'timeoffreasons') {
    return { ok: true, kind: 'timeOffReasons', userId: parts[1]! };
  }
  if (parts.length === 3 && parts[0]!.toLowerCase() === 'shifts' && parts[2]!.toLowerCase() === 'requestableshifts') {
    return { ok: true, kind: 'requestableShifts', shiftId: parts[1]!, start: params.get('startTime'), end: params.get('endTime') };
  }
  return { ok: false };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A stray `%` is not an encoding; keep the segment as sent.
    return s;
  }
}

/**
 * Webhook bodies use PascalCase enum members (`Blue`, `Pending`, `Manager`) where Graph REST
 * uses camelCase (`blue`, `pending`, `manager`); this maps either to the Graph form.
 */
export function normaliseEnum(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return value.charAt(0).toLowerCase() + value.slice(1);
}
