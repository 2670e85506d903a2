/**
 * The feeds' iCalendar (RFC 5545) writer, built on ical.js's component model and serializer:
 * escaping, folding and date-time formats are the library's, configured here for the few
 * things the feeds need on top.
 *
 * - Content lines end with CRLF and no physical line exceeds 75 octets (RFC 5545 §3.1), never
 *   cut inside a UTF-8 sequence.
 * - TEXT values are escaped per §3.3.11 (`\\`, `\;`, `\,`, `\n`); control characters that TEXT
 *   may not carry are dropped first.
 * - DATE-TIME values are always UTC with the `Z` suffix (§3.3.5 form #2): a subscriber's
 *   client converts to its own zone, so DST can never shift an event.
 */
import ICAL from 'ical.js';

const CRLF = '\r\n';
/**
 * ical.js folds after `foldLength` octets and then prefixes the continuation with a space, so a
 * continuation line would be 76 octets at its default of 75; 74 keeps every physical line
 * within RFC 5545's 75.
 */
const FOLD_OCTETS = 74;

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

/*
 * ical.js knows RFC 5545 but not the RFC 7986 calendar name or the X- names clients read, so it
 * would write their values raw (no TEXT escaping). Registering their value types is ical.js's
 * documented way to add properties; a later ical.js that knows them keeps its own definition.
 * REFRESH-INTERVAL stays unregistered on purpose: RFC 7986 requires its explicit VALUE=DURATION,
 * which ical.js writes for a duration on a property without a default type.
 */
const properties = ICAL.design.icalendar.property as Record<string, { defaultType: string }>;
properties['name'] ??= { defaultType: 'text' };
properties['x-wr-calname'] ??= { defaultType: 'text' };
properties['x-published-ttl'] ??= { defaultType: 'duration' };

/**
 * Characters TEXT may not carry (RFC 5545 §3.3.11 TSAFE-CHAR excludes CONTROL other than
 * HTAB); line breaks are normalised to LF, which ical.js escapes as `\n`.
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

function text(value: string): string {
  return value.replace(/\r\n|\r/g, '\n').replace(CONTROL, (ch) => (ch === '\n' ? ch : ''));
}

function utc(instantMs: number): ICAL.Time {
  if (!Number.isFinite(instantMs)) throw new RangeError(`not an instant: ${instantMs}`);
  return ICAL.Time.fromJSDate(new Date(instantMs), true);
}

function eventComponent(e: IcsEvent): ICAL.Component {
  const v = new ICAL.Component('vevent');
  v.addPropertyWithValue('uid', text(e.uid));
  v.addPropertyWithValue('dtstamp', utc(e.stamp));
  v.addPropertyWithValue('created', utc(e.created));
  v.addPropertyWithValue('last-modified', utc(e.stamp));
  v.addPropertyWithValue('sequence', e.sequence);
  v.addPropertyWithValue('status', e.status);
  v.addPropertyWithValue('dtstart', utc(e.start));
  v.addPropertyWithValue('dtend', utc(e.end));
  v.addPropertyWithValue('summary', text(e.summary));
  if (e.location) v.addPropertyWithValue('location', text(e.location));
  if (e.description) v.addPropertyWithValue('description', text(e.description));
  if (e.categories.length > 0) {
    const categories = new ICAL.Property('categories');
    categories.setValues(e.categories.map(text));
    v.addProperty(categories);
  }
  v.addPropertyWithValue('transp', e.transparency);
  v.addPropertyWithValue('class', 'PRIVATE');
  return v;
}

/**
 * Serializes a calendar. Deterministic: the same input gives the same bytes, so the body's
 * hash is a strong ETag. There is deliberately no METHOD property: without it DTSTAMP means
 * "last revised" (RFC 5545 §3.8.7.2), which lets it stay stable between requests.
 */
export function serializeCalendar(cal: IcsCalendar): string {
  const root = new ICAL.Component('vcalendar');
  root.addPropertyWithValue('version', '2.0');
  root.addPropertyWithValue('prodid', cal.prodId);
  root.addPropertyWithValue('calscale', 'GREGORIAN');
  root.addPropertyWithValue('name', text(cal.name));
  root.addPropertyWithValue('x-wr-calname', text(cal.name));
  const refresh = ICAL.Duration.fromSeconds(cal.refreshMinutes * 60);
  root.addPropertyWithValue('refresh-interval', refresh);
  root.addPropertyWithValue('x-published-ttl', refresh);
  for (const e of cal.events) root.addSubcomponent(eventComponent(e));

  // foldLength is ical.js's module-wide setting; serialization is synchronous, so setting it
  // around this one call cannot leak into another caller's output.
  const previous = ICAL.foldLength;
  ICAL.foldLength = FOLD_OCTETS;
  try {
    return root.toString() + CRLF;
  } finally {
    ICAL.foldLength = previous;
  }
}
