import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import { ALICE, BOB, MANAGER, TEAM, appToken, graph, startEmulator } from './support.ts';

/**
 * Graph since 2026-01-01: applications decide Shifts requests only through the beta
 * `approveForUser` / `declineForUser` actions, acting as a user Graph checks.
 */
describe('request decisions by an application, as Graph takes them today', () => {
  let emu: Emulator;
  let url: string;
  let g: ReturnType<typeof graph>;
  let groupId: string;
  let reasonId: string;

  const act = async (path: string, body: unknown) => {
    const res = await fetch(`${url}/_emulator/act/teams/${TEAM}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as { id: string };
  };
  const beta = (collection: string, id: string, action: string, body: unknown) => g('POST', `/beta/teams/${TEAM}/schedule/${collection}/${id}/${action}`, body);
  const get = async (collection: string, id: string) => (await g('GET', `/beta/teams/${TEAM}/schedule/${collection}/${id}`)).json;
  const shift = async (userId: string, day: string) =>
    (await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, {
      userId,
      schedulingGroupId: groupId,
      sharedShift: { startDateTime: `${day}T09:00:00Z`, endDateTime: `${day}T17:00:00Z`, theme: 'blue' },
    })).json.id as string;
  const timeOffRequest = () => act('/timeOffRequests', { as: BOB, timeOffReasonId: reasonId, startDateTime: '2026-05-10T00:00:00Z', endDateTime: '2026-05-11T00:00:00Z' });

  beforeAll(async () => {
    ({ emu, url } = await startEmulator({ throttle: { enabled: false } }));
    g = graph(url, await appToken(url));
    await g('PUT', `/v1.0/teams/${TEAM}/schedule`, { enabled: true, timeZone: 'Europe/Berlin' });
    groupId = (await g('POST', `/v1.0/teams/${TEAM}/schedule/schedulingGroups`, { displayName: 'Floor', isActive: true, userIds: [ALICE, BOB] })).json.id as string;
    reasonId = (await g('POST', `/v1.0/teams/${TEAM}/schedule/timeOffReasons`, { displayName: 'Vacation', iconType: 'plane', isActive: true })).json.id as string;
  });
  afterAll(async () => {
    await emu.close();
  });

  it('refuses app-only approve and decline with a 403 that names the replacement action, and leaves the request pending', async () => {
    const request = await timeOffRequest();
    for (const action of ['approve', 'decline']) {
      const res = await g('POST', `/v1.0/teams/${TEAM}/schedule/timeOffRequests/${request.id}/${action}`, { message: 'x' });
      expect(res.status).toBe(403);
      expect((res.json.error as { message: string }).message).toContain(`${action}ForUser`);
    }
    expect((await get('timeOffRequests', request.id)).state).toBe('pending');
  });

  it('approves a time-off request for a team owner with 204, recording who, when and the message, and creates the time off', async () => {
    const request = await timeOffRequest();
    const res = await beta('timeOffRequests', request.id, 'approveForUser', { message: 'Enjoy', userId: MANAGER });
    expect(res.status).toBe(204);
    expect(res.json).toBeUndefined();
    const after = await get('timeOffRequests', request.id);
    expect(after).toMatchObject({ state: 'approved', managerUserId: MANAGER, managerActionMessage: 'Enjoy' });
    expect(Number.isNaN(Date.parse(String(after.managerActionDateTime)))).toBe(false);
    expect((after.lastModifiedBy as { user: { id: string } }).user.id).toBe(MANAGER);
    const timesOff = (await g('GET', `/v1.0/teams/${TEAM}/schedule/timesOff`)).json.value!;
    expect(timesOff.filter((t) => t.userId === BOB && (t.sharedTimeOff as { startDateTime: string }).startDateTime === '2026-05-10T00:00:00Z')).toHaveLength(1);
    // The state machine: a decided request takes no second decision.
    expect((await beta('timeOffRequests', request.id, 'declineForUser', { userId: MANAGER })).status).toBe(400);
  });

  it('declines a time-off request for a team owner and creates nothing', async () => {
    const before = (await g('GET', `/v1.0/teams/${TEAM}/schedule/timesOff`)).json.value!.length;
    const request = await timeOffRequest();
    expect((await beta('timeOffRequests', request.id, 'declineForUser', { message: 'Short-staffed', userId: MANAGER })).status).toBe(204);
    expect(await get('timeOffRequests', request.id)).toMatchObject({ state: 'declined', managerUserId: MANAGER, managerActionMessage: 'Short-staffed' });
    expect((await g('GET', `/v1.0/teams/${TEAM}/schedule/timesOff`)).json.value!).toHaveLength(before);
  });

  it('refuses a time-off or open-shift decision for a user who is not a team owner (403), and an unknown user (404)', async () => {
    const request = await timeOffRequest();
    const byWorker = await beta('timeOffRequests', request.id, 'approveForUser', { userId: ALICE });
    expect(byWorker.status).toBe(403);
    expect((byWorker.json.error as { message: string }).message).toContain('team owner');
    expect((await beta('timeOffRequests', request.id, 'approveForUser', { userId: 'nobody' })).status).toBe(404);
    const open = await g('POST', `/v1.0/teams/${TEAM}/schedule/openShifts`, {
      schedulingGroupId: groupId,
      sharedOpenShift: { startDateTime: '2026-05-20T08:00:00Z', endDateTime: '2026-05-20T14:00:00Z', theme: 'green', openSlotCount: 1 },
    });
    const asked = await act('/openShiftRequests', { as: BOB, openShiftId: open.json.id });
    expect((await beta('openShiftChangeRequests', asked.id, 'approveForUser', { userId: BOB })).status).toBe(403);
    expect((await beta('openShiftChangeRequests', asked.id, 'approveForUser', { userId: MANAGER })).status).toBe(204);
    expect(await get('openShiftChangeRequests', asked.id)).toMatchObject({ state: 'approved', managerUserId: MANAGER });
  });

  it('rejects a body without userId or with undeclared fields (400), and the action on v1.0 (400)', async () => {
    const request = await timeOffRequest();
    expect((await beta('timeOffRequests', request.id, 'approveForUser', { message: 'no user' })).status).toBe(400);
    expect((await beta('timeOffRequests', request.id, 'approveForUser', { userId: MANAGER, extra: 1 })).status).toBe(400);
    expect((await g('POST', `/v1.0/teams/${TEAM}/schedule/timeOffRequests/${request.id}/approveForUser`, { userId: MANAGER })).status).toBe(400);
    expect((await get('timeOffRequests', request.id)).state).toBe('pending');
  });

  it('lets only the assignee approve a swap: the recipient while it waits for them, then a team owner', async () => {
    const swap = await act('/swapRequests', { as: ALICE, senderShiftId: await shift(ALICE, '2026-05-02'), recipientShiftId: await shift(BOB, '2026-05-03') });
    expect((await beta('swapShiftsChangeRequests', swap.id, 'approveForUser', { userId: MANAGER })).status).toBe(400);
    expect((await beta('swapShiftsChangeRequests', swap.id, 'approveForUser', { userId: ALICE })).status).toBe(403);
    expect((await beta('swapShiftsChangeRequests', swap.id, 'approveForUser', { userId: BOB, message: 'Sure' })).status).toBe(204);
    expect(await get('swapShiftsChangeRequests', swap.id)).toMatchObject({ state: 'pending', assignedTo: 'manager', recipientActionMessage: 'Sure' });
    expect((await beta('swapShiftsChangeRequests', swap.id, 'approveForUser', { userId: BOB })).status).toBe(403);
    expect((await beta('swapShiftsChangeRequests', swap.id, 'approveForUser', { userId: MANAGER, message: 'Done' })).status).toBe(204);
    expect(await get('swapShiftsChangeRequests', swap.id)).toMatchObject({ state: 'approved', managerUserId: MANAGER, managerActionMessage: 'Done' });
  });

  it('lets a team owner decline an offer that still waits for its recipient', async () => {
    const offer = await act('/offerShiftRequests', { as: ALICE, senderShiftId: await shift(ALICE, '2026-05-04'), recipientUserId: BOB });
    expect((await beta('offerShiftRequests', offer.id, 'declineForUser', { userId: MANAGER, message: 'Keep it' })).status).toBe(204);
    expect(await get('offerShiftRequests', offer.id)).toMatchObject({ state: 'declined', managerUserId: MANAGER, managerActionMessage: 'Keep it' });
  });
});
