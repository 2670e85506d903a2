import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../support/env.ts';
import { applyOk, createShift, feedUrlFor, startCalendar, type CalendarHarness } from './support/harness.ts';

const TENANT = '8a1c2e40-5b7d-4f0e-9c3a-1d2e3f405161';
const BKN = 'store-bkn';
const CASHIER = 'store-bkn:cashier';

interface ParsedEvent {
  uid: string;
  sequence: number;
  status: string | null;
  start: number;
  end: number;
  summary: string;
  location: string;
  description: string;
  stamp: string;
}

function parseFeed(body: string): ParsedEvent[] {
  const cal = new ICAL.Component(ICAL.parse(body));
  expect(cal.getFirstPropertyValue('version')).toBe('2.0');
  expect(String(cal.getFirstPropertyValue('prodid'))).toMatch(/^-\/\/Shifts Connector\/\//);
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    // Every instant is UTC: ical.js reads the `Z` form into the UTC zone.
    expect(e.startDate.zone?.tzid).toBe('UTC');
    expect(e.endDate.zone?.tzid).toBe('UTC');
    return {
      uid: e.uid,
      sequence: e.sequence,
      status: (v.getFirstPropertyValue('status') as string | null) ?? null,
      start: e.startDate.toJSDate().getTime(),
      end: e.endDate.toJSDate().getTime(),
      summary: e.summary,
      location: e.location,
      description: e.description,
      stamp: String(v.getFirstPropertyValue('dtstamp')),
    };
  });
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { res, body: await res.text() };
}

describe.each(STORE_BACKENDS)('iCalendar feed from the WFM (%s)', (backend) => {
  let h: CalendarHarness;
  let url: string;
  let s1: string;
  let s2: string;

  beforeAll(async () => {
    // This suite polls often; the rate limit has its own test.
    h = await startCalendar({ backend, seedAt: Date.UTC(2026, 0, 5, 12), tenantId: TENANT, env: { CALENDAR_FEED_BURST: '1000' } });
    h.clock.now = Date.UTC(2026, 1, 2, 12);
    s1 = (
      await createShift(h, BKN, {
        employeeId: 'E1001',
        jobId: CASHIER,
        start: '2026-02-03T14:00:00.000Z',
        end: '2026-02-03T22:00:00.000Z',
        notes: 'Bring keys, badge; ask for "Sam"\nthen open till 3 \\ no coffee 🍩',
        activities: [
          { start: '2026-02-03T18:00:00.000Z', end: '2026-02-03T18:30:00.000Z', code: 'BREAK', displayName: 'Lunch', isPaid: false },
        ],
      })
    ).id;
    s2 = (
      await createShift(h, BKN, { employeeId: 'E1001', jobId: CASHIER, start: '2026-02-05T14:00:00.000Z', end: '2026-02-05T22:00:00.000Z' })
    ).id;
    // A colleague's shift never appears in E1001's feed.
    await createShift(h, BKN, { employeeId: 'E1002', jobId: CASHIER, start: '2026-02-03T14:00:00.000Z', end: '2026-02-03T22:00:00.000Z' });
    await applyOk(h, BKN, [
      {
        kind: 'timeOff.create',
        data: { employeeId: 'E1001', reasonId: 'R-PERS', start: '2026-02-10T05:00:00.000Z', end: '2026-02-11T05:00:00.000Z', notes: null },
      },
    ]);
    url = (await feedUrlFor(h, 'E1001')).url;
  });
  afterAll(async () => {
    await h.close();
  });

  it('serves the worker’s shifts and time off with UTC times, job, team, store and breaks', async () => {
    const { res, body } = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const events = parseFeed(body);
    expect(events).toHaveLength(3);
    const [first, second, off] = events;
    expect(first).toMatchObject({
      start: Date.UTC(2026, 1, 3, 14),
      end: Date.UTC(2026, 1, 3, 22),
      summary: 'Cashier · Contoso Market Brooklyn',
      location: 'Contoso Market Brooklyn',
      sequence: 0,
      status: 'CONFIRMED',
    });
    // Break times are shown in the store's zone: 18:00Z is 13:00 in New York in February.
    expect(first!.description).toContain('- 13:00–13:30 Lunch (unpaid)');
    expect(first!.description).toContain('Notes: Bring keys, badge; ask for "Sam"\nthen open till 3 \\ no coffee 🍩');
    expect(second).toMatchObject({ start: Date.UTC(2026, 1, 5, 14), end: Date.UTC(2026, 1, 5, 22) });
    expect(off).toMatchObject({ start: Date.UTC(2026, 1, 10, 5), end: Date.UTC(2026, 1, 11, 5), summary: 'Time off: Personal (unpaid)' });
    const uids = events.map((e) => e.uid);
    expect(new Set(uids).size).toBe(3);
    expect(uids).toContain(`shift-${s1}@${TENANT}.shifts-connector`);
    expect(body).toMatch(/\r\nDTSTART:20260203T140000Z\r\n/);
  });

  it('regenerates byte-identical output (same UIDs, same ETag) when nothing changed', async () => {
    const a = await get(url);
    const b = await get(url);
    expect(b.body).toBe(a.body);
    expect(b.res.headers.get('etag')).toBe(a.res.headers.get('etag'));
    expect(b.res.headers.get('last-modified')).toBe(a.res.headers.get('last-modified'));
  });

  it('answers 304 to If-None-Match with the current ETag (also weak), and to If-Modified-Since', async () => {
    const first = await get(url);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const lastModified = first.res.headers.get('last-modified')!;
    expect(Number.isNaN(Date.parse(lastModified))).toBe(false);
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await get(url, { 'if-none-match': inm });
      expect(again.res.status).toBe(304);
      expect(again.body).toBe('');
      expect(again.res.headers.get('etag')).toBe(etag);
    }
    expect((await get(url, { 'if-none-match': '"stale"' })).res.status).toBe(200);
    expect((await get(url, { 'if-modified-since': lastModified })).res.status).toBe(304);
    const before = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get(url, { 'if-modified-since': before })).res.status).toBe(200);
  });

  it('bumps SEQUENCE (same UID) when a shift changes, and only that one; ETag and Last-Modified move', async () => {
    const before = await get(url);
    const beforeEvents = parseFeed(before.body);
    h.clock.now += 5 * 60_000;
    await applyOk(h, BKN, [
      {
        kind: 'shift.update',
        id: s2,
        data: { employeeId: 'E1001', jobId: CASHIER, start: '2026-02-05T15:00:00.000Z', end: '2026-02-05T23:00:00.000Z', label: null, notes: null, theme: 'blue', activities: [] },
      },
    ]);
    const after = await get(url, { 'if-none-match': before.res.headers.get('etag')! });
    expect(after.res.status).toBe(200);
    expect(after.res.headers.get('etag')).not.toBe(before.res.headers.get('etag'));
    expect(Date.parse(after.res.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(before.res.headers.get('last-modified')!));
    const events = parseFeed(after.body);
    const changed = events.find((e) => e.uid.startsWith(`shift-${s2}@`))!;
    expect(changed).toMatchObject({ sequence: 1, start: Date.UTC(2026, 1, 5, 15), end: Date.UTC(2026, 1, 5, 23) });
    expect(changed.stamp).toBe('2026-02-02T12:05:00Z');
    expect(events.map((e) => e.uid).sort()).toEqual(beforeEvents.map((e) => e.uid).sort());
    for (const e of events.filter((x) => x !== changed)) expect(e.sequence).toBe(0);
  });

  it('shows a deleted shift once as CANCELLED with the next SEQUENCE, stably, until it leaves the window', async () => {
    await applyOk(h, BKN, [{ kind: 'shift.delete', id: s1 }]);
    const first = await get(url);
    const cancelled = parseFeed(first.body).filter((e) => e.uid.startsWith(`shift-${s1}@`));
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({ status: 'CANCELLED', sequence: 1, start: Date.UTC(2026, 1, 3, 14), summary: 'Cashier · Contoso Market Brooklyn' });
    const second = await get(url);
    expect(second.body).toBe(first.body);
    // 7 days after it ended, the shift is outside the window: gone from the feed for good.
    h.clock.now = Date.UTC(2026, 1, 11, 12);
    const later = parseFeed((await get(url)).body);
    expect(later.some((e) => e.uid.startsWith(`shift-${s1}@`))).toBe(false);
    expect(later.some((e) => e.uid.startsWith(`shift-${s2}@`))).toBe(true);
  });
});
