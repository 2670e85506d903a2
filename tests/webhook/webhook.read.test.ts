import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntityMappingByShiftsId } from '../../connector/mappings/index.ts';
import { employee, futureTuesday, item, postWfi, readPath, reasonShiftsId, shiftBody, updatePath, BROOKLYN, startSeededWebhookApp } from './support.ts';
import type { TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startSeededWebhookApp();
});
afterAll(async () => t?.close());

const readItem = (id: string, url: string) => ({ id, method: 'GET', url, headers: { 'X-MS-Transaction-ID': id }, body: null });

describe('/read eligibility', () => {
  it('lists the Shifts ids of the time-off reasons a seasonal worker may use', async () => {
    const diego = employee('E1005'); // seasonal, 30 days in
    const res = await postWfi(t.url, readPath(), { requests: [readItem('r1', `/users/${diego.userId}/timeOffReasons?requestType=TimeOffReason`)] });
    expect(res.status).toBe(200);
    const [answer] = res.json.responses;
    expect(answer).toMatchObject({ id: 'r1', status: 200, body: { error: null } });
    expect(answer!.body.eTag).toEqual(expect.any(String));
    // Vacation needs full/part time and 90 days, parental leave full time, jury duty full/part time.
    expect([...answer!.body.data!].sort()).toEqual([reasonShiftsId('R-PERS'), reasonShiftsId('R-SICK')].sort());
  });

  it('offers a long-serving full-time worker the reasons their contract allows', async () => {
    const avery = employee('E1001'); // full time, 1200 days
    const res = await postWfi(t.url, readPath(), { requests: [readItem('r2', `/users/${avery.userId}/timeOffReasons?requestType=TimeOffReason`)] });
    expect(res.json.responses[0]!.body.data).toEqual(expect.arrayContaining([reasonShiftsId('R-VAC'), reasonShiftsId('R-PAR'), reasonShiftsId('R-JURY')]));
  });

  it('answers an unknown person with an item error', async () => {
    const res = await postWfi(t.url, readPath(), { requests: [readItem('r3', '/users/nobody/timeOffReasons?requestType=TimeOffReason')] });
    expect(res.json.responses[0]).toMatchObject({ id: 'r3', status: 404, body: { error: { code: 'UNKNOWN_EMPLOYEE' }, data: null } });
  });

  it('lists the shifts a shift can be swapped with, as Shifts ids', async () => {
    const avery = employee('E1001');
    const jordan = employee('E1002');
    const samira = employee('E1004'); // stock associate: another job, not swappable with a cashier
    const mine = { id: 'SHFT_read_mine', start: futureTuesday(5, 14), end: futureTuesday(5, 18) };
    const theirs = { id: 'SHFT_read_theirs', start: futureTuesday(5, 14 + 24), end: futureTuesday(5, 18 + 24) };
    const other = { id: 'SHFT_read_other', start: futureTuesday(5, 14 + 48), end: futureTuesday(5, 18 + 48) };
    const created = await postWfi(t.url, updatePath(), {
      requests: [
        item({ url: `/shifts/${mine.id}`, body: shiftBody({ id: mine.id, userId: avery.userId, start: mine.start, end: mine.end }) }),
        item({ url: `/shifts/${theirs.id}`, body: shiftBody({ id: theirs.id, userId: jordan.userId, start: theirs.start, end: theirs.end }) }),
        item({ url: `/shifts/${other.id}`, body: shiftBody({ id: other.id, userId: samira.userId, start: other.start, end: other.end, jobKey: 'stock' }) }),
      ],
    });
    expect(created.json.responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await getEntityMappingByShiftsId(t.app.store, BROOKLYN.teamsTeamId, 'shift', mine.id)).toBeDefined();

    const url = `/shifts/${mine.id}/requestableShifts?requestType=SwapRequest&startTime=${futureTuesday(5, 0)}&endTime=${futureTuesday(6, 0)}`;
    const res = await postWfi(t.url, readPath(), { requests: [readItem('r4', url)] });
    const [answer] = res.json.responses;
    expect(answer).toMatchObject({ id: 'r4', status: 200, body: { error: null } });
    expect(answer!.body.data).toContain(theirs.id);
    expect(answer!.body.data).not.toContain(other.id);
    expect(answer!.body.data).not.toContain(mine.id);
  });

  it('answers an unknown question with an item 400', async () => {
    const res = await postWfi(t.url, readPath(), { requests: [readItem('r5', '/teams/x/openShifts')] });
    expect(res.json.responses[0]).toMatchObject({ id: 'r5', status: 400, body: { error: { code: 'UNKNOWN_READ' } } });
  });
});
