import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDecisions, WEBHOOK_MESSAGES } from '../../connector/webhook/index.ts';
import { createEmbeddedWfm } from '../../connector/wfm/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { BROOKLYN, MANAGER, employee, futureTuesday, item, postWfi, reasonShiftsId, seedBrooklynMappings, shiftBody, updatePath, WEBHOOK_ENV, WFI_ID } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ...WEBHOOK_ENV, SYNC_MODE: 'one-way', ONE_WAY_ALLOWED_ENTITIES: 'TimeOffRequest' } });
  await createEmbeddedWfm({ store: t.app.store }).seed();
  await seedBrooklynMappings(t.app.store);
});
afterAll(async () => t?.close());

describe('one-way mode', () => {
  it('rejects a shift change from Shifts with 403 and says the schedule is managed in the WFM', async () => {
    const avery = employee('E1001');
    const res = await postWfi(t.url, updatePath(), {
      requests: [item({ url: '/shifts/SHFT_oneway', body: shiftBody({ id: 'SHFT_oneway', userId: avery.userId, start: futureTuesday(4, 14), end: futureTuesday(4, 16) }) })],
    });
    expect(res.status).toBe(200);
    expect(res.json.responses).toEqual([
      { id: 'SHFT_oneway', status: 403, body: { eTag: null, error: { code: 'ONE_WAY_SYNC', message: WEBHOOK_MESSAGES.oneWay }, data: null } },
    ]);
    const [decision] = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId, limit: 1 });
    expect(decision).toMatchObject({ decision: 'rejected', ruleCode: 'ONE_WAY_SYNC', actingUserId: MANAGER.userId });
    const alerts = await t.app.store.query(`SELECT 1 FROM alert_events WHERE entity_key = 'change_rejected:shift:SHFT_oneway'`);
    expect(alerts).toHaveLength(1);
  });

  it('still sends the allowed entity types (time-off requests) to the WFM', async () => {
    const avery = employee('E1001');
    const res = await postWfi(t.url, updatePath(), {
      requests: [
        item({
          url: '/timeOffRequests/TOR_req_1',
          body: {
            id: 'TOR_req_1',
            state: 'Pending',
            assignedTo: 'Manager',
            senderUserId: avery.userId,
            senderMessage: 'Dentist',
            startDateTime: futureTuesday(8, 5),
            endDateTime: futureTuesday(8, 29),
            timeOffReasonId: reasonShiftsId('R-PERS'),
          },
        }),
      ],
    });
    expect(res.json.responses[0]).toMatchObject({ id: 'TOR_req_1', status: 200, body: { error: null } });
    const requests = await createEmbeddedWfm({ store: t.app.store }).listRequests(BROOKLYN.wfmTeamId, { start: futureTuesday(8, 0), end: futureTuesday(9, 0) });
    expect(requests.ok && requests.value.some((r) => r.kind === 'timeOff' && r.senderEmployeeId === 'E1001' && r.state === 'pending')).toBe(true);
  });

  it('approves our own echoed writes', async () => {
    const res = await postWfi(
      t.url,
      updatePath(),
      { requests: [item({ url: '/shifts/SHFT_oneway_echo', body: shiftBody({ id: 'SHFT_oneway_echo', userId: employee('E1001').userId, start: futureTuesday(4, 14), end: futureTuesday(4, 16) }) })] },
      { headers: { 'X-MS-WFMPassthrough': WFI_ID } },
    );
    expect(res.json.responses[0]).toMatchObject({ status: 200, body: { error: null } });
  });
});
