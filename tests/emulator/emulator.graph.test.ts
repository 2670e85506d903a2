import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import { ALICE, BOB, TEAM, appToken, graph, startEmulator } from './support.ts';

describe('Graph Shifts surface of the emulator', () => {
  let emu: Emulator;
  let url: string;
  let g: ReturnType<typeof graph>;
  let groupId: string;

  beforeAll(async () => {
    ({ emu, url } = await startEmulator({ pageSize: 2, throttle: { enabled: false } }));
    g = graph(url, await appToken(url));
  });
  afterAll(() => emu.close());

  it('rejects a misspelled schedule property (timezone) with a Graph-style 400 and creates nothing', async () => {
    const res = await g('PUT', `/v1.0/teams/${TEAM}/schedule`, { enabled: true, timezone: 'Europe/London' });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'BadRequest' });
    expect((res.json.error as { message: string }).message).toContain("'timezone'");
    expect((await g('GET', `/v1.0/teams/${TEAM}/schedule`)).status).toBe(404);
  });

  it('replaces the whole schedule on PUT: settings left out go back to their defaults', async () => {
    const first = await g('PUT', `/v1.0/teams/${TEAM}/schedule`, { enabled: true, timeZone: 'Europe/London', openShiftsEnabled: false });
    expect(first.json).toMatchObject({ id: TEAM, timeZone: 'Europe/London', openShiftsEnabled: false, provisionStatus: 'Completed' });
    const second = await g('PUT', `/v1.0/teams/${TEAM}/schedule`, { enabled: true, timeZone: 'Europe/London' });
    expect(second.json.openShiftsEnabled).toBe(true);
    const group = await g('POST', `/v1.0/teams/${TEAM}/schedule/schedulingGroups`, { displayName: 'Floor', isActive: true, userIds: [ALICE, BOB] });
    expect(group.status).toBe(201);
    groupId = String(group.json.id);
  });

  it('refuses a shift longer than 24 hours and one for a person outside the team', async () => {
    const long = await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, {
      userId: ALICE, schedulingGroupId: groupId,
      sharedShift: { startDateTime: '2026-03-01T00:00:00Z', endDateTime: '2026-03-02T00:01:00Z', theme: 'blue' },
    });
    expect(long.status).toBe(400);
    const stranger = await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, {
      userId: 'someone-else', schedulingGroupId: groupId,
      sharedShift: { startDateTime: '2026-03-01T08:00:00Z', endDateTime: '2026-03-01T10:00:00Z', theme: 'blue' },
    });
    expect(stranger.status).toBe(400);
  });

  it('pages with @odata.nextLink and filters on sharedShift start and end', async () => {
    for (let day = 1; day <= 5; day++) {
      const res = await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, {
        userId: day % 2 ? ALICE : BOB, schedulingGroupId: groupId,
        sharedShift: { startDateTime: `2026-03-0${day}T08:00:00Z`, endDateTime: `2026-03-0${day}T16:00:00Z`, theme: 'green' },
      });
      expect(res.status).toBe(201);
    }
    const seen: string[] = [];
    let next: string | undefined = `/v1.0/teams/${TEAM}/schedule/shifts`;
    let pages = 0;
    while (next) {
      const page = await g('GET', next);
      expect(page.status).toBe(200);
      expect(page.json.value!.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.value!.map((s) => String(s.id)));
      next = page.json['@odata.nextLink'] as string | undefined;
      if (next) expect(next.startsWith(url)).toBe(true);
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);

    const filter = encodeURIComponent('sharedShift/startDateTime ge 2026-03-02T00:00:00Z and sharedShift/endDateTime le 2026-03-04T23:59:59Z');
    const filtered = await g('GET', `/v1.0/teams/${TEAM}/schedule/shifts?$filter=${filter}&$top=10`);
    expect(filtered.json.value!.map((s) => (s.sharedShift as { startDateTime: string }).startDateTime)).toEqual([
      '2026-03-02T08:00:00Z', '2026-03-03T08:00:00Z', '2026-03-04T08:00:00Z',
    ]);
  });

  it('refuses a $filter that uses the same property twice, as Graph does', async () => {
    const filter = encodeURIComponent('sharedShift/startDateTime ge 2026-03-02T00:00:00Z and sharedShift/startDateTime le 2026-03-04T00:00:00Z');
    const res = await g('GET', `/v1.0/teams/${TEAM}/schedule/shifts?$filter=${filter}`);
    expect(res.status).toBe(400);
    expect((res.json.error as { message: string }).message).toContain('only once');
  });

  it('soft-deletes time-off reasons: DELETE keeps the reason with isActive=false', async () => {
    const reason = await g('POST', `/v1.0/teams/${TEAM}/schedule/timeOffReasons`, { displayName: 'Vacation', iconType: 'plane', isActive: true });
    expect(reason.status).toBe(201);
    expect((await g('DELETE', `/v1.0/teams/${TEAM}/schedule/timeOffReasons/${String(reason.json.id)}`)).status).toBe(204);
    const after = await g('GET', `/v1.0/teams/${TEAM}/schedule/timeOffReasons/${String(reason.json.id)}`);
    expect(after.json).toMatchObject({ displayName: 'Vacation', isActive: false });
  });

  it('shows newer theme colours only to clients sending Prefer: include-unknown-enum-members', async () => {
    const body = {
      userId: ALICE, schedulingGroupId: groupId,
      sharedShift: { startDateTime: '2026-03-09T08:00:00Z', endDateTime: '2026-03-09T12:00:00Z', theme: 'darkRed' },
    };
    expect((await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, body)).status).toBe(400);
    const created = await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, body, { prefer: 'include-unknown-enum-members' });
    expect(created.status).toBe(201);
    const plain = await g('GET', `/v1.0/teams/${TEAM}/schedule/shifts/${String(created.json.id)}`);
    expect((plain.json.sharedShift as { theme: string }).theme).toBe('unknownFutureValue');
    const optIn = await g('GET', `/v1.0/teams/${TEAM}/schedule/shifts/${String(created.json.id)}`, undefined, { prefer: 'include-unknown-enum-members' });
    expect((optIn.json.sharedShift as { theme: string }).theme).toBe('darkRed');
  });

  it('lists team members with their roles', async () => {
    const res = await g('GET', `/v1.0/teams/${TEAM}/members?$top=10`);
    expect(res.json.value!.map((m) => [m.userId, m.roles])).toEqual([
      ['user-manager', ['owner']],
      [ALICE, []],
      [BOB, []],
    ]);
  });
});
