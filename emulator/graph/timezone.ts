import { zoneOffsetMs } from '../../connector/wfm/time.ts';

/** True when `zone` is UTC or an IANA name this runtime knows. */
export function isKnownZone(zone: string): boolean {
  if (/^utc$/i.test(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false; // Intl throws RangeError for unknown zone names
  }
}

/** Converts an Outlook `dateTimeTimeZone` (wall time in `zone`) to a UTC instant in ms. */
export function wallTimeToUtc(dateTime: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/.exec(dateTime.replace(/Z$/, ''));
  if (!m) return Number.NaN;
  const ms = Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0'));
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), ms);
  if (/^utc$/i.test(zone)) return wall;
  // Two passes settle the offset around DST changes.
  let guess = wall - zoneOffsetMs(wall, zone);
  guess = wall - zoneOffsetMs(guess, zone);
  return guess;
}

/** Formats a UTC instant as Outlook does: wall time in `zone`, 7 fractional digits. */
export function utcToWallTime(utcMs: number, zone: string): string {
  const shifted = /^utc$/i.test(zone) ? utcMs : utcMs + zoneOffsetMs(utcMs, zone);
  return `${new Date(shifted).toISOString().slice(0, 19)}.0000000`;
}
