import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import { ALICE, appToken, graph, startEmulator } from './support.ts';

const PROP = 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name ShiftsConnectorShiftId';

describe('Outlook calendar endpoints of the emulator', () => {
  let emu: Emulator;
  let g: ReturnType<typeof graph>;
  let eventId: string;

  beforeAll(async () => {
    let url: string;
    ({ emu, url } = await startEmulator({ throttle: { enabled: false } }));
    g = graph(url, await appToken(url));
  });
  afterAll(() => emu.close());

  it('creates an event with a single-value extended property, converting its wall time to UTC', async () => {
    const res = await g('POST', `/v1.0/users/${ALICE}/calendar/events`, {
      subject: 'Shift: Cashier',
      start: { dateTime: '2026-07-01T09:00:00', timeZone: 'Europe/London' },
      end: { dateTime: '2026-07-01T17:00:00', timeZone: 'Europe/London' },
      singleValueExtendedProperties: [{ id: PROP, value: 'SHFT_1' }],
    });
    expect(res.status).toBe(201);
    eventId = String(res.json.id);
    expect(res.json.start).toEqual({ dateTime: '2026-07-01T08:00:00.0000000', timeZone: 'UTC' });
    expect(res.json.singleValueExtendedProperties).toBeUndefined();
  });

  it('finds events by extended property value and expands only the requested property', async () => {
    await g('POST', `/v1.0/users/${ALICE}/events`, {
      subject: 'Other',
      start: { dateTime: '2026-07-02T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-07-02T10:00:00', timeZone: 'UTC' },
      singleValueExtendedProperties: [{ id: PROP, value: 'SHFT_2' }],
    });
    const filter = encodeURIComponent(`singleValueExtendedProperties/Any(ep: ep/id eq '${PROP}' and ep/value eq 'SHFT_1')`);
    const expand = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${PROP}')`);
    const res = await g('GET', `/v1.0/users/${ALICE}/events?$filter=${filter}&$expand=${expand}`);
    expect(res.json.value!.map((e) => e.id)).toEqual([eventId]);
    expect(res.json.value![0]!.singleValueExtendedProperties).toEqual([{ id: PROP, value: 'SHFT_1' }]);
  });

  it('updates and lists events in a calendarView window, in the zone asked for with Prefer: outlook.timezone', async () => {
    const patched = await g('PATCH', `/v1.0/users/${ALICE}/events/${eventId}`, { end: { dateTime: '2026-07-01T18:00:00', timeZone: 'Europe/London' } });
    expect(patched.status).toBe(200);
    const view = await g('GET', `/v1.0/users/${ALICE}/calendarView?startDateTime=2026-07-01T00:00:00Z&endDateTime=2026-07-01T23:59:59Z&$select=id,end`, undefined, {
      prefer: 'outlook.timezone="America/New_York"',
    });
    expect(view.json.value).toEqual([
      { id: eventId, '@odata.etag': expect.any(String) as unknown, end: { dateTime: '2026-07-01T13:00:00.0000000', timeZone: 'America/New_York' } },
    ]);
    expect((await g('DELETE', `/v1.0/users/${ALICE}/events/${eventId}`)).status).toBe(204);
    expect((await g('GET', `/v1.0/users/${ALICE}/events/${eventId}`)).status).toBe(404);
  });

  it('refuses an unknown event property', async () => {
    const res = await g('POST', `/v1.0/users/${ALICE}/events`, {
      subjet: 'typo',
      start: { dateTime: '2026-07-02T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-07-02T10:00:00', timeZone: 'UTC' },
    });
    expect(res.status).toBe(400);
    expect((res.json.error as { message: string }).message).toContain("'subjet'");
  });
});
