/**
 * A small RFC 5545 (iCalendar) writer: exactly the subset the feeds need, written by hand so
 * escaping, folding and time formats are under our control and tested byte for byte.
 *
 * - Content lines end with CRLF and are folded at 75 octets (RFC 5545 §3.1), never inside a
 *   UTF-8 sequence.
 * - TEXT values are escaped per §3.3.11 (`\\`, `\;`, `\,`, `\n`).
 * - DATE-TIME values are always UTC with the `Z` suffix (§3.3.5 form #2): a subscriber's
 *   client converts to its own zone, so DST can never shift an event.
 */

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** One event of a feed, in serializer terms (already mapped from WFM data). */
export interface IcsEvent {
  uid: string;
  /** Instants in UTC (epoch ms). */
  start: number;
  end: number;
  /** When this revision of the event was made (DTSTAMP and LAST-MODIFIED). */
  stamp: number;
  created: number;
  sequence: number;
  status: 'CONFIRMED' | 'CANCELLED';
  summary: string;
  location: string | null;
  description: string | null;
  /** RFC 5545 CATEGORIES, e.g. `Shift`, `Time off`. */
  categories: string[];
  /** FREE for time that does not block the worker (none today), else OPAQUE. */
  transparency: 'OPAQUE' | 'TRANSPARENT';
}

export interface IcsCalendar {
  prodId: string;
  /** Display name (RFC 7986 NAME and the widely used X-WR-CALNAME). */
  name: string;
  /** Suggested polling interval in minutes (RFC 7986 REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshMinutes: number;
  events: IcsEvent[];
}

/**
 * Characters TEXT may not carry (RFC 5545 §3.3.11 TSAFE-CHAR excludes CONTROL other than
 * HTAB); line breaks are handled before this runs.
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks, per RFC 5545 §3.3.11. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(CONTROL, '');
}

/**
 * Folds one content line so that no physical line exceeds 75 octets (excluding CRLF).
 * Continuation lines start with one space, which counts toward their 75 octets. Splits only
 * between code points, so a multi-byte UTF-8 character is never cut in half.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = ' ';
      octets = 1;
      limit = MAX_OCTETS;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

/** `YYYYMMDDTHHMMSSZ` of an instant (RFC 5545 §3.3.5, UTC form). */
export function formatUtc(instantMs: number): string {
  if (!Number.isFinite(instantMs)) throw new RangeError(`not an instant: ${instantMs}`);
  return new Date(instantMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function line(name: string, value: string): string {
  return foldLine(`${name}:${value}`) + CRLF;
}

function serializeEvent(e: IcsEvent): string {
  let out = 'BEGIN:VEVENT' + CRLF;
  out += line('UID', escapeText(e.uid));
  out += line('DTSTAMP', formatUtc(e.stamp));
  out += line('CREATED', formatUtc(e.created));
  out += line('LAST-MODIFIED', formatUtc(e.stamp));
  out += line('SEQUENCE', String(e.sequence));
  out += line('STATUS', e.status);
  out += line('DTSTART', formatUtc(e.start));
  out += line('DTEND', formatUtc(e.end));
  out += line('SUMMARY', escapeText(e.summary));
  if (e.location) out += line('LOCATION', escapeText(e.location));
  if (e.description) out += line('DESCRIPTION', escapeText(e.description));
  if (e.categories.length > 0) out += line('CATEGORIES', e.categories.map(escapeText).join(','));
  out += line('TRANSP', e.transparency);
  out += line('CLASS', 'PRIVATE');
  out += 'END:VEVENT' + CRLF;
  return out;
}

/**
 * Serializes a calendar. Deterministic: the same input gives the same bytes, so the body's
 * hash is a strong ETag. There is deliberately no METHOD property: without it DTSTAMP means
 * "last revised" (RFC 5545 §3.8.7.2), which lets it stay stable between requests.
 */
export function serializeCalendar(cal: IcsCalendar): string {
  let out = 'BEGIN:VCALENDAR' + CRLF;
  out += line('VERSION', '2.0');
  out += line('PRODID', cal.prodId);
  out += line('CALSCALE', 'GREGORIAN');
  out += line('NAME', escapeText(cal.name));
  out += line('X-WR-CALNAME', escapeText(cal.name));
  out += line('REFRESH-INTERVAL;VALUE=DURATION', `PT${cal.refreshMinutes}M`);
  out += line('X-PUBLISHED-TTL', `PT${cal.refreshMinutes}M`);
  for (const e of cal.events) out += serializeEvent(e);
  out += 'END:VCALENDAR' + CRLF;
  return out;
}
