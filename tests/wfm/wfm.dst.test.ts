/**
 * A week that crosses the 2026 DST changes in America/New_York (8 Mar, 1 Nov) and
 * Europe/London (29 Mar, 25 Oct): seeded shifts keep their wall-clock times, week bounds
 * follow the zone, and weekly totals count real hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShiftInput } from '../../connector/wfm/contract.ts';
import { weeklyPaidHours, chargedHours, type Span } from '../../connector/wfm/embedded/rules.ts';
import { localParts, localWeekBounds, resolveWallTime, zonedTimeToUtc } from '../../connector/wfm/time.ts';
import { createHarness, local, MANAGER_ACTOR as MANAGER, type Harness } from './support/harness.ts';

const NY = 'America/New_York';
const LON = 'Europe/London';
const HOUR = 3_600_000;

function span(id: string, start: string, end: string): Span {
  return { id, employeeId: 'E', teamId: 't', start: Date.parse(start), end: Date.parse(end), unpaid: [] };
}

describe('zone arithmetic across DST', () => {
  it('a local week is 167 hours in spring and 169 in autumn', () => {
    const spring = localWeekBounds(Date.parse('2026-03-05T12:00:00Z'), NY);
    expect((spring.end - spring.start) / HOUR).toBe(167);
    expect(spring.monday).toBe('2026-03-02');
    const autumn = localWeekBounds(Date.parse('2026-10-22T12:00:00Z'), LON);
    expect((autumn.end - autumn.start) / HOUR).toBe(169);
    expect(new Date(autumn.start).toISOString()).toBe('2026-10-18T23:00:00.000Z'); // Monday 00:00 BST
  });

  it('maps wall-clock times to instants, including the skipped and repeated hours', () => {
    expect(new Date(zonedTimeToUtc({ year: 2026, month: 3, day: 8 }, { hour: 1, minute: 30 }, NY)).toISOString()).toBe('2026-03-08T06:30:00.000Z');
    expect(new Date(zonedTimeToUtc({ year: 2026, month: 3, day: 8 }, { hour: 3, minute: 0 }, NY)).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    // 01:30 on 25 Oct happens twice in London: the first (BST) occurrence is used.
    expect(new Date(zonedTimeToUtc({ year: 2026, month: 10, day: 25 }, { hour: 1, minute: 30 }, LON)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(new Date(zonedTimeToUtc({ year: 2026, month: 11, day: 1 }, { hour: 1, minute: 30 }, NY)).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  // Every zone resolves a skipped time forward by its gap (Lord Howe's is 30 minutes) and a
  // repeated time to its first occurrence. Regression: New York's 02:30 used to become 01:30 EST.
  it.each([
    ['America/New_York', '2026-03-08 02:30', '2026-03-08T07:30:00.000Z', 'gap', '2026-03-08 03:30'],
    ['Europe/London', '2026-03-29 01:30', '2026-03-29T01:30:00.000Z', 'gap', '2026-03-29 02:30'],
    ['Australia/Sydney', '2026-10-04 02:30', '2026-10-03T16:30:00.000Z', 'gap', '2026-10-04 03:30'],
    ['Australia/Lord_Howe', '2026-10-04 02:15', '2026-10-03T15:45:00.000Z', 'gap', '2026-10-04 02:45'],
    ['America/New_York', '2026-11-01 01:30', '2026-11-01T05:30:00.000Z', 'ambiguous', '-04:00'],
    ['Europe/London', '2026-10-25 01:30', '2026-10-25T00:30:00.000Z', 'ambiguous', '+01:00'],
    ['Australia/Sydney', '2026-04-05 02:30', '2026-04-04T15:30:00.000Z', 'ambiguous', '+11:00'],
    ['Australia/Lord_Howe', '2026-04-05 01:45', '2026-04-04T14:45:00.000Z', 'ambiguous', '+11:00'],
    ['Australia/Lord_Howe', '2026-04-05 02:15', '2026-04-04T15:45:00.000Z', undefined, undefined],
  ])('%s %s resolves to %s (%s %s)', (zone, wall, instant, kind, detail) => {
    const [date, time] = wall.split(' ') as [string, string];
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const [hour, minute] = time.split(':').map(Number) as [number, number];
    const r = resolveWallTime({ year, month, day }, { hour, minute }, zone);
    expect(new Date(r.instant).toISOString()).toBe(instant);
    expect(r.adjustment?.kind).toBe(kind);
    if (r.adjustment?.kind === 'gap') {
      expect(r.adjustment.resolved).toBe(detail);
      expect(r.adjustment.minutes).toBe(zone === 'Australia/Lord_Howe' ? 30 : 60);
    }
    if (r.adjustment?.kind === 'ambiguous') expect(r.adjustment.offsets[0]).toBe(detail);
  });

  it('counts the real length of a night shift over the change in the weekly total', () => {
    const weekdays = ['02', '03', '04', '05'].map((d) => span(`d${d}`, local(`2026-03-${d}`, '09:00', NY), local(`2026-03-${d}`, '17:00', NY)));
    const night = span('n', local('2026-03-07', '21:00', NY), local('2026-03-08', '06:00', NY));
    expect((night.end - night.start) / HOUR).toBe(8); // 9 wall-clock hours, one skipped
    expect(weeklyPaidHours([...weekdays, night], Date.parse(local('2026-03-04', '12:00', NY)), NY).hours).toBe(40);
    const autumnNight = span('a', local('2026-10-24', '21:00', LON), local('2026-10-25', '06:00', LON));
    expect((autumnNight.end - autumnNight.start) / HOUR).toBe(10);
  });

  it('charges at most 8 hours per local day of time off, even on the 23-hour day', () => {
    expect(chargedHours(Date.parse(local('2026-03-07', '00:00', NY)), Date.parse(local('2026-03-10', '00:00', NY)), NY)).toBe(24);
  });
});

describe.each([
  { zone: NY, team: 'store-bkn', seedAt: '2026-03-04T17:00:00Z', saturday: '2026-03-07', employee: 'E1001', weekStartsAt: '2026-03-02' },
  { zone: LON, team: 'store-cmd', seedAt: '2026-03-25T12:00:00Z', saturday: '2026-03-28', employee: 'E2001', weekStartsAt: '2026-03-23' },
])('embedded WFM over the spring change in $zone', ({ zone, team, seedAt, saturday, employee, weekStartsAt }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('embedded', new Date(seedAt));
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps every seeded shift at its wall-clock time on both sides of the change', async () => {
    const r = await h.adapter.listShifts(team, { start: local(weekStartsAt, '00:00', zone), end: local('2026-04-06', '00:00', zone) });
    if (!r.ok) throw new Error(r.error.message);
    const mine = r.value.filter((s) => s.employeeId === employee);
    expect(mine).toHaveLength(10);
    for (const s of mine) {
      const p = localParts(Date.parse(s.start), zone);
      const e = localParts(Date.parse(s.end), zone);
      expect([p.hour, p.minute, e.hour, e.minute]).toEqual([9, 0, 17, 30]);
    }
    // Same local time, one hour less UTC offset after the change.
    const utcHours = new Set(mine.map((s) => new Date(s.start).getUTCHours()));
    expect(utcHours.size).toBe(2);
  });

  it('totals real hours: 40 paid hours in the week of the change, nothing more accepted', async () => {
    const add = (date: string, from: string, to: string) => {
      const data: ShiftInput = { employeeId: employee, jobId: null, start: local(date, from, zone), end: local(date, to, zone), label: null, notes: null, theme: 'blue', activities: [] };
      return h.adapter.apply(team, [{ kind: 'shift.create', data }], MANAGER);
    };
    const r = await add(saturday, '10:00', '10:30');
    expect(!r.ok && r.error.code).toBe('MAX_WEEKLY_HOURS');
    expect(!r.ok && r.error.message).toContain('40.5 hours');
  });
});

describe('embedded WFM over the autumn change in America/New_York', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('embedded', new Date('2026-10-21T12:00:00Z'));
  });
  afterAll(async () => {
    await h.close();
  });

  it('a night shift into the repeated hour counts 9 real hours: 32 + 9 is over 40', async () => {
    const make = (date: string, from: string, toDate: string, to: string): ShiftInput => ({
      employeeId: 'E1006',
      jobId: null,
      start: local(date, from, NY),
      end: local(toDate, to, NY),
      label: null,
      notes: null,
      theme: 'blue',
      activities: [],
    });
    // Priya has no seeded shifts in the week of 26 Oct (seed covers the weeks of 19 and 26 Oct: Mon/Wed/Fri 07-13 = 18 h).
    const days = ['2026-10-27', '2026-10-29'].map((d) => ({ kind: 'shift.create' as const, data: make(d, '14:00', d, '21:00') }));
    const ok = await h.adapter.apply('store-bkn', days, MANAGER); // 18 + 14 = 32 hours
    expect(ok.ok).toBe(true);
    const night = await h.adapter.apply('store-bkn', [{ kind: 'shift.create', data: make('2026-10-31', '22:00', '2026-11-01', '06:00') }], MANAGER);
    expect(!night.ok && night.error.code).toBe('MAX_WEEKLY_HOURS');
    expect(!night.ok && night.error.message).toContain('41 hours in the week of Mon 26 Oct');
    // The same wall-clock night a week later is 8 real hours and fits.
    const later = ['2026-11-03', '2026-11-05'].map((d) => ({ kind: 'shift.create' as const, data: make(d, '14:00', d, '21:00') }));
    expect((await h.adapter.apply('store-bkn', later, MANAGER)).ok).toBe(true);
  });
});
