/**
 * Time-zone arithmetic with `Intl` only. Instants are UTC; local dates and weeks are computed
 * in a team's IANA zone so DST changes never move a shift or miscount a week.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `tz` is an IANA zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  if (!tz || !tz.includes('/')) return tz === 'UTC';
  try {
    formatter(tz);
    return true;
  } catch {
    // RangeError is how Intl says "unknown zone": the answer, not a failure to hide.
    return false;
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Zone offsets by 15-minute slice of UTC time. Why: `formatToParts` costs microseconds and the
 * rule checks ask for thousands of instants a second. Offsets only change at transitions, and
 * every transition of the current time-zone database falls on a quarter hour of UTC (zones'
 * offsets are whole quarter hours and they switch at a whole local minute/hour), so the offset
 * found at a slice's start holds for the whole slice.
 */
const SLICE_MS = 15 * 60_000;
const offsets = new Map<string, number>();
const MAX_CACHED_OFFSETS = 200_000;

function sliceOffsetMs(instantMs: number, timeZone: string): number {
  const slice = Math.floor(instantMs / SLICE_MS);
  const key = `${timeZone}\u0000${slice}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const at = slice * SLICE_MS;
    const p = formattedParts(at, timeZone);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
    if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

function formattedParts(instantMs: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Wall-clock parts of an instant in a zone. */
export function localParts(instantMs: number, timeZone: string): LocalParts {
  const local = new Date(instantMs + sliceOffsetMs(instantMs, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds (New York in winter: -5 h). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const p = localParts(instantMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** How a wall-clock time was resolved when it does not name exactly one instant. */
export type WallTimeAdjustment =
  /** Skipped by a spring-forward gap: moved forward by the gap (02:30 → 03:30 in New York). */
  | { kind: 'gap'; requested: string; resolved: string; minutes: number }
  /** Happens twice (fall back): the first occurrence was taken. */
  | { kind: 'ambiguous'; requested: string; offsets: [string, string] };

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock time happens in a zone, and how it was resolved. The zone's offset
 * a day before and a day after bound the candidates (transitions are at least days apart): a
 * candidate counts when the zone really shows that offset at its instant. No candidate: the time
 * falls in a spring-forward gap and moves forward by the gap's length, in every zone (a
 * 30-minute gap in Lord Howe moves it 30 minutes). Two: the first occurrence.
 */
export function resolveWallTime(
  date: { year: number; month: number; day: number },
  time: { hour: number; minute: number },
  timeZone: string,
): { instant: number; adjustment?: WallTimeAdjustment } {
  const wall = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const before = zoneOffsetMs(wall - DAY_MS, timeZone);
  const after = zoneOffsetMs(wall + DAY_MS, timeZone);
  const valid = [...new Set([before, after])].map((o) => wall - o).filter((t) => wall - zoneOffsetMs(t, timeZone) === t).sort((a, b) => a - b);
  const requested = `${pad(date.year)}-${pad(date.month)}-${pad(date.day)} ${pad(time.hour)}:${pad(time.minute)}`;
  const first = valid[0];
  if (first !== undefined && valid.length === 1) return { instant: first };
  if (first !== undefined) {
    return { instant: first, adjustment: { kind: 'ambiguous', requested, offsets: [offsetText(wall - first), offsetText(wall - valid[1]!)] } };
  }
  // In the gap: read with the offset before it, which lands after the gap by the same distance.
  const instant = wall - before;
  const p = localParts(instant, timeZone);
  return {
    instant,
    adjustment: {
      kind: 'gap',
      requested,
      resolved: `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`,
      minutes: Math.round((after - before) / 60_000),
    },
  };
}

/** The instant of a wall-clock time in a zone (see `resolveWallTime` for gaps and overlaps). */
export function zonedTimeToUtc(
  date: { year: number; month: number; day: number },
  time: { hour: number; minute: number },
  timeZone: string,
): number {
  return resolveWallTime(date, time, timeZone).instant;
}

/** `+11:00`, `-04:00`, `+10:30`. */
function offsetText(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Local calendar date `YYYY-MM-DD` of an instant in a zone. */
export function localDate(instantMs: number, timeZone: string): string {
  const p = localParts(instantMs, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Parses `YYYY-MM-DD`. */
export function parseDate(date: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Adds days to a local date (calendar arithmetic, zone-free). */
export function addDays(date: string, days: number): string {
  const d = parseDate(date);
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Day of week of a local date, Monday = 0 … Sunday = 6. */
export function weekday(date: string): number {
  const d = parseDate(date);
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
}

/** Monday of the local week containing `date`. */
export function weekStart(date: string): string {
  return addDays(date, -weekday(date));
}

/** Local midnight of a date in a zone, as a UTC instant. */
export function startOfLocalDay(date: string, timeZone: string): number {
  return zonedTimeToUtc(parseDate(date), { hour: 0, minute: 0 }, timeZone);
}

/** `[start, end)` instants of the local week (Monday 00:00 to next Monday 00:00) holding `instantMs`. */
export function localWeekBounds(instantMs: number, timeZone: string): { start: number; end: number; monday: string } {
  const monday = weekStart(localDate(instantMs, timeZone));
  return {
    monday,
    start: startOfLocalDay(monday, timeZone),
    end: startOfLocalDay(addDays(monday, 7), timeZone),
  };
}

/** Whole days between two local dates (b − a). */
export function daysBetween(a: string, b: string): number {
  const pa = parseDate(a);
  const pb = parseDate(b);
  return Math.round((Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / 86_400_000);
}

/** ISO string of an instant, always with milliseconds and `Z`. */
export function iso(instantMs: number): string {
  return new Date(instantMs).toISOString();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
