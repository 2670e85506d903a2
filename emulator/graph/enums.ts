import { badRequest } from '../http/types.ts';
import type { GraphObject } from '../state.ts';

/** Flags enum members in CSDL order; members after `unknownFutureValue` are "evolvable". */
export const SUPPORTED_ENTITIES = [
  'none', 'shift', 'swapRequest', 'userShiftPreferences', 'openShift', 'openShiftRequest', 'offerShiftRequest',
  'unknownFutureValue', 'timeCard', 'timeOffReason', 'timeOff', 'timeOffRequest',
] as const;
export const ELIGIBILITY_ENTITIES = ['none', 'swapRequest', 'offerShiftRequest', 'unknownFutureValue', 'timeOffReason'] as const;
const THEMES_AFTER_UNKNOWN = new Set([
  'darkRed', 'cranberry', 'darkOrange', 'bronze', 'peach', 'gold', 'lime', 'forest', 'lightGreen', 'jade', 'lightTeal',
  'darkTeal', 'steel', 'skyBlue', 'blueGray', 'lavender', 'lilac', 'plum', 'magenta', 'darkBrown', 'beige', 'charcoal', 'silver',
]);

function isEvolvable(members: readonly string[], m: string): boolean {
  return members.indexOf(m) > members.indexOf('unknownFutureValue');
}

/** `Prefer: include-unknown-enum-members` opts in to evolvable enum members (both ways). */
export function wantsUnknownEnumMembers(headers: Record<string, string>): boolean {
  return /(^|[,;\s])include-unknown-enum-members($|[,;\s])/i.test(headers.prefer ?? '');
}

/**
 * Parses a flags string such as `"Shift, SwapRequest"` (any casing, spaces allowed) into the
 * canonical Graph spelling `"shift,swapRequest"`. Unknown members, and evolvable ones without
 * the Prefer opt-in, are refused like Graph ("Requested value ... was not found").
 */
export function parseFlags(value: string, members: readonly string[], optIn: boolean, property: string): string {
  const out: string[] = [];
  for (const raw of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const hit = members.find((m) => m.toLowerCase() === raw.toLowerCase());
    if (!hit || (isEvolvable(members, hit) && !optIn) || hit === 'unknownFutureValue') {
      throw badRequest(
        `Requested value '${raw}' was not found for '${property}'.` +
          (hit && isEvolvable(members, hit) ? " Send 'Prefer: include-unknown-enum-members' to use this member." : ''),
      );
    }
    if (!out.includes(hit)) out.push(hit);
  }
  const meaningful = out.filter((m) => m !== 'none');
  return meaningful.length > 0 ? meaningful.join(',') : 'none';
}

/** Flags of a stored flags string, lower-cased for membership tests. */
export function flagSet(value: unknown): Set<string> {
  return new Set(
    String(value ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

function hideFlags(value: unknown, members: readonly string[]): unknown {
  if (typeof value !== 'string') return value;
  const parts = value.split(',').filter(Boolean);
  const visible = parts.filter((p) => !isEvolvable(members, p));
  if (visible.length === parts.length) return value;
  const shown = visible.filter((p) => p !== 'none');
  return [...shown, 'unknownFutureValue'].join(',');
}

/**
 * Shapes an outgoing object for a client that did not opt in to evolvable enum members:
 * newer themes read `unknownFutureValue`, and newer flags collapse into it.
 */
export function hideEvolvableMembers<T>(value: T, optIn: boolean): T {
  if (optIn) return value;
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, undefined));
    if (v && typeof v === 'object') {
      const out: GraphObject = {};
      for (const [k, x] of Object.entries(v as GraphObject)) out[k] = walk(x, k);
      return out;
    }
    if (key === 'theme' && typeof v === 'string' && THEMES_AFTER_UNKNOWN.has(v)) return 'unknownFutureValue';
    if (key === 'supportedEntities') return hideFlags(v, SUPPORTED_ENTITIES);
    if (key === 'eligibilityFilteringEnabledEntities') return hideFlags(v, ELIGIBILITY_ENTITIES);
    return v;
  };
  return walk(value, undefined) as T;
}

/** Themes after `unknownFutureValue` need the Prefer opt-in on writes too. */
export function checkThemes(body: unknown, optIn: boolean): void {
  if (optIn) return;
  const walk = (v: unknown, key: string | undefined): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, undefined));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v as GraphObject)) walk(x, k);
    else if (key === 'theme' && typeof v === 'string' && THEMES_AFTER_UNKNOWN.has(v)) {
      throw badRequest(`Requested value '${v}' was not found for 'theme'. Send 'Prefer: include-unknown-enum-members' to use this member.`);
    }
  };
  walk(body, undefined);
}

/** Webhook bodies spell enum values in PascalCase (`"Blue"`, `"Pending"`, `"Manager"`). */
export function pascalCaseEnums(value: unknown): unknown {
  const ENUM_KEYS = new Set(['theme', 'state', 'assignedTo', 'iconType']);
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, undefined));
    if (v && typeof v === 'object') {
      const out: GraphObject = {};
      for (const [k, x] of Object.entries(v as GraphObject)) out[k] = walk(x, k);
      return out;
    }
    if (key && ENUM_KEYS.has(key) && typeof v === 'string' && v.length > 0) return v[0]!.toUpperCase() + v.slice(1);
    return v;
  };
  return walk(value, undefined);
}
