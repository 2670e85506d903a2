import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { serializeCalendar, type IcsEvent } from '../../connector/calendar/ics.ts';

const base: IcsEvent = {
  uid: 'shift-1@tenant.shifts-connector',
  start: Date.UTC(2026, 2, 9, 13, 0),
  end: Date.UTC(2026, 2, 9, 21, 30),
  stamp: Date.UTC(2026, 2, 1, 8, 0, 5),
  created: Date.UTC(2026, 2, 1, 8, 0, 5),
  sequence: 0,
  status: 'CONFIRMED',
  summary: 'Cashier · Store 1',
  location: 'Store 1',
  description: null,
  categories: ['Shift'],
  transparency: 'OPAQUE',
};

function parseOne(body: string): ICAL.Event {
  const cal = new ICAL.Component(ICAL.parse(body));
  const vevents = cal.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(1);
  return new ICAL.Event(vevents[0]!);
}

const TRICKY = [
  'comma, semicolon; backslash \\ colon: done',
  'line one\nline two\r\nline three\rline four',
  'emoji 👩🏽‍🍳 and 🏳️‍🌈 and CJK 店舗の勤務シフト and accents éèà',
  'x'.repeat(300),
  '€'.repeat(100) + ' 𝄞'.repeat(40),
  'ends with backslash \\',
  '\\n is not a newline, \\, not a comma',
];

/** The physical lines of a body, without the final empty string after its last CRLF. */
function physicalLines(body: string): string[] {
  expect(body.endsWith('\r\n')).toBe(true);
  return body.slice(0, -2).split('\r\n');
}

/** Unfolds content lines (RFC 5545 §3.1): a CRLF followed by one space joins two lines. */
function contentLines(body: string): string[] {
  return body.slice(0, -2).split(/\r\n(?! )/).map((l) => l.replace(/\r\n /g, ''));
}

function calendarWith(text: string): string {
  return serializeCalendar({
    prodId: '-//Test//EN',
    name: text,
    refreshMinutes: 60,
    events: [{ ...base, summary: text, location: text, description: text }],
  });
}

describe('RFC 5545 TEXT escaping and line folding', () => {
  it('escapes backslash, semicolon, comma and line breaks exactly as §3.3.11 says, and drops control characters', () => {
    const lines = contentLines(calendarWith('a\\b;c,d\ne'));
    expect(lines).toContain('SUMMARY:a\\\\b\\;c\\,d\\ne');
    expect(lines).toContain('NAME:a\\\\b\\;c\\,d\\ne');
    expect(lines).toContain('X-WR-CALNAME:a\\\\b\\;c\\,d\\ne');
    expect(contentLines(calendarWith('x\r\ny\rz'))).toContain('LOCATION:x\\ny\\nz');
    expect(contentLines(calendarWith('colon: and "quotes" stay'))).toContain('SUMMARY:colon: and "quotes" stay');
    expect(contentLines(calendarWith('bell\u0007tab\tkept'))).toContain('DESCRIPTION:belltab\tkept');
    const categories = serializeCalendar({
      prodId: '-//Test//EN',
      name: 'n',
      refreshMinutes: 60,
      events: [{ ...base, categories: ['Shift', 'Time, off'] }],
    });
    expect(contentLines(categories)).toContain('CATEGORIES:Shift,Time\\, off');
  });

  it('folds so no physical line exceeds 75 octets, never inside a UTF-8 character, continuation lines start with one space', () => {
    for (const text of TRICKY) {
      const body = calendarWith(text);
      const lines = physicalLines(body);
      for (const [i, l] of lines.entries()) {
        expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
        // Only a continuation starts with a space, and only after a line that was cut full.
        if (l.startsWith(' ')) expect(i).toBeGreaterThan(0);
        // A cut inside a multi-byte sequence would produce U+FFFD on decoding.
        expect(Buffer.from(l, 'utf8').toString('utf8')).toBe(l);
        expect(l).not.toContain('\uFFFD');
      }
      // Unfolding gives back the whole escaped value (§3.3.11 reference escaping).
      const escaped = text
        .replace(/\\/g, '\\\\')
        .replace(/;/g, '\\;')
        .replace(/,/g, '\\,')
        .replace(/\r\n|\r|\n/g, '\\n');
      expect(contentLines(body)).toContain(`DESCRIPTION:${escaped}`);
    }
  });

  it('leaves a short line whole and folds a long one at a code point boundary', () => {
    const short = contentLines(calendarWith('a'.repeat(60)));
    expect(physicalLines(calendarWith('a'.repeat(60)))).toContain('SUMMARY:' + 'a'.repeat(60));
    expect(short).toContain('SUMMARY:' + 'a'.repeat(60));
    const long = physicalLines(calendarWith('a'.repeat(200)));
    const at = long.findIndex((l) => l.startsWith('SUMMARY:'));
    expect(long[at]).toMatch(/^SUMMARY:a+$/);
    expect(long[at + 1]).toMatch(/^ a+$/);
    expect(contentLines(calendarWith('a'.repeat(200)))).toContain('SUMMARY:' + 'a'.repeat(200));
  });

  it('writes the RFC 7986 refresh interval with its required VALUE=DURATION and leaves ical.js folding as it was', () => {
    const lines = contentLines(calendarWith('n'));
    expect(lines).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
    expect(lines).toContain('X-PUBLISHED-TTL:PT1H');
    expect(lines.slice(0, 2)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0']);
    expect(ICAL.foldLength).toBe(75);
  });

  it('round-trips tricky text through ical.js in SUMMARY, LOCATION and DESCRIPTION', () => {
    for (const text of TRICKY) {
      const body = serializeCalendar({
        prodId: '-//Test//EN',
        name: text,
        refreshMinutes: 60,
        events: [{ ...base, summary: text, location: text, description: text }],
      });
      const ev = parseOne(body);
      const expected = text.replace(/\r\n|\r/g, '\n');
      expect(ev.summary).toBe(expected);
      expect(ev.location).toBe(expected);
      expect(ev.description).toBe(expected);
      for (const l of body.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
      expect(body.endsWith('END:VCALENDAR\r\n')).toBe(true);
      expect(body).not.toMatch(/[^\r]\n/);
    }
  });

  it('writes DTSTART/DTEND/DTSTAMP as UTC date-times with Z, read back as the same instants', () => {
    const ms = serializeCalendar({
      prodId: '-//Test//EN',
      name: 'n',
      refreshMinutes: 60,
      events: [{ ...base, start: Date.UTC(2026, 10, 1, 5, 30, 7, 999) }],
    });
    expect(ms).toContain('\r\nDTSTART:20261101T053007Z\r\n');
    const body = serializeCalendar({ prodId: '-//Test//EN', name: 'n', refreshMinutes: 60, events: [base] });
    expect(body).toContain('\r\nDTSTART:20260309T130000Z\r\n');
    expect(body).toContain('\r\nDTEND:20260309T213000Z\r\n');
    expect(body).toContain('\r\nDTSTAMP:20260301T080005Z\r\n');
    const ev = parseOne(body);
    expect(ev.startDate.zone?.tzid).toBe('UTC');
    expect(ev.startDate.toJSDate().getTime()).toBe(base.start);
    expect(ev.endDate.toJSDate().getTime()).toBe(base.end);
    expect(ev.uid).toBe(base.uid);
    expect(ev.sequence).toBe(0);
  });

  it('rejects a non-finite instant instead of writing an invalid date', () => {
    const cal = { prodId: '-//Test//EN', name: 'n', refreshMinutes: 60 };
    expect(() => serializeCalendar({ ...cal, events: [{ ...base, start: Number.NaN }] })).toThrow(RangeError);
    expect(() => serializeCalendar({ ...cal, events: [{ ...base, stamp: Number.POSITIVE_INFINITY }] })).toThrow(RangeError);
  });
});
