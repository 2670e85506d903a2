import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../connector/http/server.ts';
import { createLogger } from '../../connector/observability/log.ts';
import { createMetrics } from '../../connector/observability/metrics.ts';
import { createHttpWfmAdapter, type EmbeddedWfm } from '../../connector/wfm/index.ts';
import { wfmApiRoutes } from '../../connector/wfm/http-server/index.ts';
import { createShift, feedUrlFor, startCalendar, type CalendarHarness } from './support/harness.ts';

/**
 * The feed reads a customer's WFM over HTTP (the real HTTP adapter against the WFM API served
 * from the embedded WFM). When that WFM is down, the feed must say so, not publish an empty
 * schedule that would cancel every shift in the subscribers' calendars.
 */
describe('feed while the WFM is unreachable', () => {
  let h: CalendarHarness;
  let wfmServer: HttpServer | undefined;
  let port = 0;
  const log = createLogger({ level: 'silent' });

  async function startWfmApi(embedded: EmbeddedWfm): Promise<void> {
    wfmServer = createHttpServer(wfmApiRoutes(embedded, { prefix: '/wfm-api/v1', apiKeys: ['calendar-test-key'] }), log, createMetrics());
    port = (await wfmServer.listen(port, '127.0.0.1')).port;
  }

  beforeAll(async () => {
    h = await startCalendar({
      seedAt: Date.UTC(2026, 0, 5, 12),
      env: { CALENDAR_FEED_BURST: '100' },
      adapter: async (embedded) => {
        await startWfmApi(embedded);
        return createHttpWfmAdapter({
          baseUrl: `http://127.0.0.1:${port}/wfm-api/v1`,
          auth: { kind: 'apiKey', apiKey: 'calendar-test-key' },
          log,
          retry: { maxAttempts: 2, baseMs: 1, capMs: 1 },
        });
      },
    });
    h.clock.now = Date.UTC(2026, 1, 2, 12);
  });
  afterAll(async () => {
    await wfmServer?.close();
    await h?.close();
  });

  it('answers 503 with Retry-After, and cancels nothing once the WFM is back', async () => {
    await createShift(h, 'store-bkn', { employeeId: 'E1005', jobId: 'store-bkn:stock', start: '2026-02-04T14:00:00.000Z', end: '2026-02-04T20:00:00.000Z' });
    const { url } = await feedUrlFor(h, 'E1005');
    const before = await fetch(url);
    expect(before.status).toBe(200);
    const body = await before.text();
    expect(new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent')).toHaveLength(1);

    await wfmServer!.close();
    const down = await fetch(url);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('300');
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe('unavailable');

    await startWfmApi(h.wfm);
    const back = await fetch(url);
    expect(back.status).toBe(200);
    expect(await back.text()).toBe(body);
  });
});
