import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkService } from '../../connector/calendar/links.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('calendar feed in the assembled app', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves a link’s feed as text/calendar from the deployment’s WFM, and 404 for unknown tokens', async () => {
    // Links are created by the tab in production; the service over the app's own store is the same code.
    const links = createLinkService(t.app.store, { defaultTtlDays: 0 });
    const created = await links.create({ employeeId: 'E1001', createdByUserId: null });
    if (!created.ok) throw new Error(created.error.message);
    const { token } = created.value;
    const res = await fetch(`${t.url}/calendar/${token}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const cal = new ICAL.Component(ICAL.parse(await res.text()));
    expect(cal.name).toBe('vcalendar');
    // Local mode seeds the demo WFM: Avery Johnson (E1001) works weekdays this week and next.
    const vevents = cal.getAllSubcomponents('vevent');
    expect(vevents.length).toBeGreaterThan(0);
    for (const v of vevents) {
      expect(new ICAL.Event(v).startDate.zone?.tzid).toBe('UTC');
    }
    const unknown = await fetch(`${t.url}/calendar/${'A'.repeat(43)}.ics`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'There is no calendar at this address.' } });
  });

  it('serves the tab’s link endpoints behind the tab’s token validation', async () => {
    const res = await fetch(`${t.url}/api/tab/calendar/links`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });
});

describe('calendar push switched on in the assembled app', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { CALENDAR_PUSH: 'on', CALENDAR_PUSH_INTERVAL_MINUTES: '30' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('boots with the shared Graph client and schedules the push job (one queued, one running at most)', async () => {
    const queue = await t.app.jobs.boss.getQueue('calendar-push');
    expect(queue?.policy).toBe('stately');
    const schedules = await t.app.jobs.boss.getSchedules();
    expect(schedules.find((s) => s.name === 'calendar-push')?.cron).toBe('*/30 * * * *');
  });
});
