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
    await t.close();
  });

  it('serves a link’s feed as text/calendar from the deployment’s WFM, and 404 for unknown tokens', async () => {
    // Links are created by the tab in production; the service over the app's own store is the same code.
    const links = createLinkService(t.app.store, { defaultTtlDays: 0 });
    const { token } = await links.create({ employeeId: 'E1001', createdByUserId: null });
    const res = await fetch(`${t.url}/calendar/${token}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const cal = new ICAL.Component(ICAL.parse(await res.text()));
    expect(cal.name).toBe('vcalendar');
    for (const v of cal.getAllSubcomponents('vevent')) {
      expect(new ICAL.Event(v).startDate.zone?.tzid).toBe('UTC');
    }
    const unknown = await fetch(`${t.url}/calendar/${'A'.repeat(43)}.ics`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'There is no calendar at this address.' } });
  });
});
