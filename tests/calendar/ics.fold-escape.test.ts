import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, formatUtc, serializeCalendar, type IcsEvent } from '../../connector/calendar/ics.ts';

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

describe('RFC 5545 TEXT escaping and line folding', () => {
  it('escapes backslash, semicolon, comma and line breaks exactly as §3.3.11 says', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(escapeText('x\r\ny\rz')).toBe('x\\ny\\nz');
    expect(escapeText('colon: and "quotes" stay')).toBe('colon: and "quotes" stay');
    expect(escapeText('bell\u0007tab\tkept')).toBe('belltab\tkept');
  });

  it('folds at 75 octets without splitting a UTF-8 character, continuation lines start with a space', () => {
    for (const text of TRICKY) {
      const folded = foldLine(`DESCRIPTION:${escapeText(text)}`);
      const lines = folded.split('\r\n');
      for (const [i, l] of lines.entries()) {
        expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
        if (i > 0) expect(l.startsWith(' ')).toBe(true);
        // A cut inside a multi-byte sequence would produce U+FFFD on decoding.
        expect(Buffer.from(l, 'utf8').toString('utf8')).toBe(l);
      }
      expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(`DESCRIPTION:${escapeText(text)}`);
    }
  });

  it('does not fold a line of exactly 75 octets and folds one of 76', () => {
    const exact = 'SUMMARY:' + 'a'.repeat(67);
    expect(Buffer.byteLength(exact)).toBe(75);
    expect(foldLine(exact)).toBe(exact);
    expect(foldLine(exact + 'b')).toBe(exact + '\r\n b');
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
    expect(formatUtc(Date.UTC(2026, 10, 1, 5, 30, 7, 999))).toBe('20261101T053007Z');
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
    expect(() => formatUtc(Number.NaN)).toThrow(RangeError);
  });
});
