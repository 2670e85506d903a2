import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts } from '../../connector/wfm/time.ts';
import { createShift, feedUrlFor, startCalendar, type CalendarHarness } from './support/harness.ts';
import { wallClock } from './support/zones.ts';

/*
 * Each case has a day shift before the change, an overnight shift across it (with a break
 * after it), and a day shift after it. ical.js converts UTC to a zone by looking up the offset
 * at the UTC wall-clock time, which is an hour off for instants whose UTC date-time falls
 * between the change's local time (or the repeated hour before it) and its UTC time; the instants below avoid that band, and
 * every expected wall clock is cross-checked with Intl (tzdata) as well.
 */
interface Case {
  name: string;
  teamId: string;
  employeeId: string;
  jobId: string;
  zone: string;
  /** Feed clock: a week before the change. */
  now: number;
  /** Shifts as UTC instants (the truth), with the local wall-clock times they must show. */
  shifts: Array<{ start: string; end: string; localStart: string; localEnd: string; hours: number; breakLine?: string; activities?: Array<{ start: string; end: string }> }>;
}

const CASES: Case[] = [
  {
    name: 'America/New_York, spring forward on 8 March 2026',
    teamId: 'store-bkn',
    employeeId: 'E1001',
    jobId: 'store-bkn:cashier',
    zone: 'America/New_York',
    now: Date.UTC(2026, 2, 1, 12),
    shifts: [
      { start: '2026-03-07T14:00:00.000Z', end: '2026-03-07T22:00:00.000Z', localStart: '2026-03-07 09:00', localEnd: '2026-03-07 17:00', hours: 8 },
      {
        start: '2026-03-08T01:00:00.000Z',
        end: '2026-03-08T10:00:00.000Z',
        localStart: '2026-03-07 20:00',
        localEnd: '2026-03-08 06:00',
        hours: 9,
        activities: [{ start: '2026-03-08T08:00:00.000Z', end: '2026-03-08T08:30:00.000Z' }],
        breakLine: '- 04:00–04:30 Lunch (unpaid)',
      },
      { start: '2026-03-09T13:00:00.000Z', end: '2026-03-09T21:00:00.000Z', localStart: '2026-03-09 09:00', localEnd: '2026-03-09 17:00', hours: 8 },
    ],
  },
  {
    name: 'America/New_York, fall back on 1 November 2026',
    teamId: 'store-bkn',
    employeeId: 'E1001',
    jobId: 'store-bkn:cashier',
    zone: 'America/New_York',
    now: Date.UTC(2026, 9, 25, 12),
    shifts: [
      { start: '2026-10-31T13:00:00.000Z', end: '2026-10-31T21:00:00.000Z', localStart: '2026-10-31 09:00', localEnd: '2026-10-31 17:00', hours: 8 },
      {
        start: '2026-11-01T00:00:00.000Z',
        end: '2026-11-01T11:00:00.000Z',
        localStart: '2026-10-31 20:00',
        localEnd: '2026-11-01 06:00',
        hours: 11,
        activities: [{ start: '2026-11-01T08:00:00.000Z', end: '2026-11-01T08:30:00.000Z' }],
        breakLine: '- 03:00–03:30 Lunch (unpaid)',
      },
      { start: '2026-11-02T14:00:00.000Z', end: '2026-11-02T22:00:00.000Z', localStart: '2026-11-02 09:00', localEnd: '2026-11-02 17:00', hours: 8 },
    ],
  },
  {
    name: 'Europe/London, clocks go forward on 29 March 2026',
    teamId: 'store-cmd',
    employeeId: 'E2001',
    jobId: 'store-cmd:cashier',
    zone: 'Europe/London',
    now: Date.UTC(2026, 2, 22, 12),
    shifts: [
      { start: '2026-03-28T09:00:00.000Z', end: '2026-03-28T17:00:00.000Z', localStart: '2026-03-28 09:00', localEnd: '2026-03-28 17:00', hours: 8 },
      {
        start: '2026-03-28T22:00:00.000Z',
        end: '2026-03-29T05:00:00.000Z',
        localStart: '2026-03-28 22:00',
        localEnd: '2026-03-29 06:00',
        hours: 7,
        activities: [{ start: '2026-03-29T02:00:00.000Z', end: '2026-03-29T02:30:00.000Z' }],
        breakLine: '- 03:00–03:30 Lunch (unpaid)',
      },
      { start: '2026-03-30T08:00:00.000Z', end: '2026-03-30T16:00:00.000Z', localStart: '2026-03-30 09:00', localEnd: '2026-03-30 17:00', hours: 8 },
    ],
  },
  {
    name: 'Europe/London, clocks go back on 25 October 2026',
    teamId: 'store-cmd',
    employeeId: 'E2001',
    jobId: 'store-cmd:cashier',
    zone: 'Europe/London',
    now: Date.UTC(2026, 9, 18, 12),
    shifts: [
      { start: '2026-10-24T08:00:00.000Z', end: '2026-10-24T16:00:00.000Z', localStart: '2026-10-24 09:00', localEnd: '2026-10-24 17:00', hours: 8 },
      {
        start: '2026-10-24T21:00:00.000Z',
        end: '2026-10-25T06:00:00.000Z',
        localStart: '2026-10-24 22:00',
        localEnd: '2026-10-25 06:00',
        hours: 9,
        activities: [{ start: '2026-10-25T03:00:00.000Z', end: '2026-10-25T03:30:00.000Z' }],
        breakLine: '- 03:00–03:30 Lunch (unpaid)',
      },
      { start: '2026-10-26T09:00:00.000Z', end: '2026-10-26T17:00:00.000Z', localStart: '2026-10-26 09:00', localEnd: '2026-10-26 17:00', hours: 8 },
    ],
  },
];

/** The same wall clock through `Intl` (tzdata), to cross-check the ical.js fixture zones. */
function intlWallClock(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

describe('feed across the 2026 DST changes', () => {
  let h: CalendarHarness;

  beforeAll(async () => {
    h = await startCalendar({ seedAt: Date.UTC(2026, 0, 5, 12), env: { CALENDAR_FEED_BURST: '1000' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(CASES)('$name: exact UTC instants, right local time', async (c) => {
    h.clock.now = c.now;
    const ids: string[] = [];
    for (const s of c.shifts) {
      const shift = await createShift(h, c.teamId, {
        employeeId: c.employeeId,
        jobId: c.jobId,
        start: s.start,
        end: s.end,
        activities: (s.activities ?? []).map((a) => ({ ...a, code: 'BREAK', displayName: 'Lunch', isPaid: false })),
      });
      ids.push(shift.id);
    }
    const { url } = await feedUrlFor(h, c.employeeId);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const body = await res.text();
    const vevents = new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent');
    for (const [i, s] of c.shifts.entries()) {
      const v = vevents.find((x) => String(x.getFirstPropertyValue('uid')).startsWith(`shift-${ids[i]}@`));
      expect(v, `shift ${s.start}`).toBeDefined();
      const e = new ICAL.Event(v!);
      // Exact instants, in UTC, as the WFM has them.
      expect(e.startDate.zone?.tzid).toBe('UTC');
      expect(e.startDate.toJSDate().toISOString()).toBe(s.start);
      expect(e.endDate.toJSDate().toISOString()).toBe(s.end);
      expect((e.endDate.toJSDate().getTime() - e.startDate.toJSDate().getTime()) / 3_600_000).toBe(s.hours);
      // Converted by ical.js into the store's zone, they show the planned wall-clock times.
      expect(wallClock(e.startDate, c.zone)).toBe(s.localStart);
      expect(wallClock(e.endDate, c.zone)).toBe(s.localEnd);
      expect(intlWallClock(Date.parse(s.start), c.zone)).toBe(s.localStart);
      expect(intlWallClock(Date.parse(s.end), c.zone)).toBe(s.localEnd);
      if (s.breakLine) expect(e.description).toContain(s.breakLine);
    }
  });
});
