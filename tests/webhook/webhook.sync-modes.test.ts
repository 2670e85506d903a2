import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTeamMapping, upsertTeamMapping, type SyncModes } from '../../connector/mappings/index.ts';
import { listDecisions } from '../../connector/webhook/index.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import type { TestApp } from '../support/app.ts';
import { BROOKLYN, employee, futureTuesday, item, postWfi, shiftBody, startSeededWebhookApp, updatePath, WFI_ID } from './support.ts';

const avery = employee('E1001');
const jordan = employee('E1002');

describe.each(STORE_BACKENDS)('a team\'s sync mode per entity kind at the webhook (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSeededWebhookApp(backend);
  });
  afterAll(async () => t?.close());

  async function setModes(syncModes: SyncModes) {
    const team = (await getTeamMapping(t.app.store, BROOKLYN.teamsTeamId))!;
    const r = await upsertTeamMapping(t.app.store, { ...team, syncModes });
    expect(r.ok).toBe(true);
  }
  const swapItem = (id: string) =>
    item({
      url: `/swapRequests/${id}`,
      body: { id, senderShiftId: 'SHFT_x', recipientShiftId: 'SHFT_y', senderUserId: avery.userId, recipientUserId: jordan.userId, state: 'Pending', assignedTo: 'Recipient', lastModifiedBy: { user: { id: avery.userId } } },
    });

  it('refuses a swap with 403 and a sentence a worker understands when the team has swaps off, and records it', async () => {
    await setModes({ swapRequests: 'off' });
    const res = await postWfi(t.url, updatePath(), { requests: [swapItem('SWP_off')] });
    expect(res.status).toBe(200);
    expect(res.json.responses).toEqual([
      { id: 'SWP_off', status: 403, body: { eTag: null, error: { code: 'SYNC_OFF', message: "Shift swaps aren't available for this team, so this wasn't sent. Please talk to your manager." }, data: null } },
    ]);
    const [decision] = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId, limit: 1 });
    expect(decision).toMatchObject({ decision: 'rejected', ruleCode: 'SYNC_OFF' });
  });

  it('still takes the kinds the team leaves two-way (a shift change goes to the WFM)', async () => {
    await setModes({ swapRequests: 'off' });
    const res = await postWfi(t.url, updatePath(), {
      requests: [item({ url: '/shifts/SHFT_modes_ok', body: shiftBody({ id: 'SHFT_modes_ok', userId: avery.userId, start: futureTuesday(6, 14), end: futureTuesday(6, 16) }) })],
    });
    expect(res.json.responses[0]).toMatchObject({ id: 'SHFT_modes_ok', status: 200, body: { error: null } });
  });

  it('refuses a shift change from Shifts when the team runs shifts one-way, naming what is managed where', async () => {
    await setModes({ shifts: 'one-way' });
    const res = await postWfi(t.url, updatePath(), {
      requests: [item({ url: '/shifts/SHFT_modes_1w', body: shiftBody({ id: 'SHFT_modes_1w', userId: avery.userId, start: futureTuesday(6, 18), end: futureTuesday(6, 20) }) })],
    });
    expect(res.json.responses[0]).toMatchObject({
      status: 403,
      body: { error: { code: 'ONE_WAY_SYNC', message: expect.stringContaining('Shift changes for this team are handled in the workforce management system') as unknown } },
    });
  });

  it('approves our own echoed writes whatever the mode', async () => {
    await setModes({ shifts: 'off' });
    const res = await postWfi(
      t.url,
      updatePath(),
      { requests: [item({ url: '/shifts/SHFT_modes_echo', body: shiftBody({ id: 'SHFT_modes_echo', userId: avery.userId, start: futureTuesday(6, 8), end: futureTuesday(6, 10) }) })] },
      { headers: { 'X-MS-WFMPassthrough': WFI_ID } },
    );
    expect(res.json.responses[0]).toMatchObject({ status: 200, body: { error: null } });
  });
});
