import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShift, feedUrlFor, startCalendar, type CalendarHarness } from './support/harness.ts';

async function get(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** Headers that legitimately differ between two answers. */
const VOLATILE = new Set(['date', 'x-request-id']);
function stableHeaders(h: Headers): Record<string, string> {
  return Object.fromEntries([...h.entries()].filter(([k]) => !VOLATILE.has(k)));
}

describe('feed links: revoked, unknown and expired look the same; rate limit; rotation', () => {
  let h: CalendarHarness;

  beforeAll(async () => {
    h = await startCalendar({
      seedAt: Date.UTC(2026, 0, 5, 12),
      env: { CALENDAR_FEED_BURST: '3', CALENDAR_FEED_RATE_PER_HOUR: '60' },
    });
    h.clock.now = Date.UTC(2026, 1, 2, 12);
    await createShift(h, 'store-bkn', { employeeId: 'E1003', jobId: 'store-bkn:cashier', start: '2026-02-04T14:00:00.000Z', end: '2026-02-04T20:00:00.000Z' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers one identical 404 for unknown, malformed, revoked and expired tokens', async () => {
    const revoked = await feedUrlFor(h, 'E1003');
    expect((await get(revoked.url)).status).toBe(200);
    expect((await h.calendar.services.links.revoke('E1003', revoked.linkId)).ok).toBe(true);
    const created = await h.calendar.services.links.create({ employeeId: 'E1003', createdByUserId: null, ttlDays: 1 });
    if (!created.ok) throw new Error(created.error.message);
    const expiring = created.value;
    const expiringUrl = `${h.url}/calendar/${expiring.token}.ics`;
    expect((await get(expiringUrl)).status).toBe(200);
    h.clock.now += 86_400_000 + 1000;

    const answers = await Promise.all(
      [revoked.url, expiringUrl, `${h.url}/calendar/${'x'.repeat(43)}.ics`, `${h.url}/calendar/not-a-token.ics`].map(get),
    );
    for (const a of answers) {
      expect(a.status).toBe(404);
      expect(a.body).toBe(answers[0]!.body);
      expect(stableHeaders(a.headers)).toEqual(stableHeaders(answers[0]!.headers));
    }
    expect(JSON.parse(answers[0]!.body)).toEqual({ error: { code: 'not_found', message: 'There is no calendar at this address.' } });
    expect(await h.metrics.render()).toContain('calendar_feed_requests_total{outcome="not_found"} 4');
  });

  it('limits each link to its burst, then 429 with Retry-After; other links are not affected', async () => {
    const a = await feedUrlFor(h, 'E1003');
    const b = await feedUrlFor(h, 'E1003');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(a.url)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await get(a.url);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(JSON.parse(limited.body).error.code).toBe('rate_limited');
    expect((await get(b.url)).status).toBe(200);
    h.clock.now += 60_000;
    expect((await get(a.url)).status).toBe(200);
    expect((await get(a.url)).status).toBe(429);
  });

  it('rotation: the new URL serves the same events (same UIDs), the old one is a 404', async () => {
    const old = await feedUrlFor(h, 'E1003');
    const before = await get(old.url);
    const rotated = await h.calendar.services.links.rotate('E1003', old.linkId, null);
    if (!rotated.ok) throw new Error(rotated.error.message);
    const after = await get(`${h.url}/calendar/${rotated.value.token}.ics`);
    expect(after.status).toBe(200);
    expect(after.body).toBe(before.body);
    expect((await get(old.url)).status).toBe(404);
  });

  it('never writes a token to the logs', async () => {
    const link = await feedUrlFor(h, 'E1003');
    await get(link.url);
    const logged = h.logs.join('\n');
    expect(logged).toContain('/calendar/:token.ics');
    expect(logged).not.toContain(link.token);
  });
});
