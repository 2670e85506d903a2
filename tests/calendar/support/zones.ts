import ICAL from 'ical.js';

/**
 * VTIMEZONE definitions (the 2007+ US rules and the EU rules), so ical.js can convert the
 * feed's UTC instants to local wall-clock time independently of our code and of `Intl`.
 */
const VTIMEZONES: Record<string, string> = {
  'America/New_York': [
    'BEGIN:VTIMEZONE',
    'TZID:America/New_York',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:-0500',
    'TZOFFSETTO:-0400',
    'TZNAME:EDT',
    'DTSTART:20070311T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:-0400',
    'TZOFFSETTO:-0500',
    'TZNAME:EST',
    'DTSTART:20071104T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n'),
  'Europe/London': [
    'BEGIN:VTIMEZONE',
    'TZID:Europe/London',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0000',
    'TZOFFSETTO:+0100',
    'TZNAME:BST',
    'DTSTART:19810329T010000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0000',
    'TZNAME:GMT',
    'DTSTART:19961027T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n'),
};

/** The ical.js zone for an IANA name (only the two the DST tests use). */
export function icalZone(tzid: keyof typeof VTIMEZONES | string): ICAL.Timezone {
  const text = VTIMEZONES[tzid];
  if (!text) throw new Error(`no VTIMEZONE fixture for ${tzid}`);
  return new ICAL.Timezone(new ICAL.Component(ICAL.parse(text)));
}

/** `YYYY-MM-DD HH:MM` of an ical.js time converted to a zone. */
export function wallClock(t: ICAL.Time, tzid: string): string {
  const local = t.convertToZone(icalZone(tzid));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${local.year}-${p(local.month)}-${p(local.day)} ${p(local.hour)}:${p(local.minute)}`;
}
