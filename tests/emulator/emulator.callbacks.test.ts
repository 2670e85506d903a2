import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVALID_DATA_MESSAGE, type Emulator } from '../../emulator/index.ts';
import { ALICE, BOB, MANAGER, TEAM, TENANT, appToken, approveAll, enableIntegration, graph, rejectAll, startEmulator, startReceiver } from './support.ts';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('Shifts callbacks to the workforce integration', () => {
  let emu: Emulator;
  let url: string;
  let g: ReturnType<typeof graph>;
  let receiver: Receiver;
  let groupId: string;

  // A fresh emulator per test: schedules and callbacks never leak between cases.
  beforeEach(async () => {
    ({ emu, url } = await startEmulator({ throttle: { enabled: false }, callbacks: { attempts: 3, retryDelayMs: 10 } }));
    g = graph(url, await appToken(url));
    receiver = await startReceiver();
    await enableIntegration(g, receiver.url);
    const group = await g('POST', `/v1.0/teams/${TEAM}/schedule/schedulingGroups`, { displayName: 'Cashiers', isActive: true, userIds: [ALICE, BOB] });
    groupId = String(group.json.id);
    receiver.calls.length = 0;
  });
  afterEach(async () => {
    await receiver.close();
    await emu.close();
  });

  const shiftBody = (userId = ALICE, day = '2026-03-02') => ({
    userId,
    schedulingGroupId: groupId,
    sharedShift: { startDateTime: `${day}T09:00:00Z`, endDateTime: `${day}T17:00:00Z`, theme: 'blue', displayName: 'Till', notes: null, activities: [] },
  });

  it('calls /connect with the encrypted tenant at registration and refuses registration when it does not answer 200', async () => {
    const connect = receiver.calls.length; // beforeEach registered already; check a fresh registration
    expect(connect).toBe(0);
    const ok = await g('POST', '/v1.0/teamwork/workforceIntegrations', {
      displayName: 'Again', apiVersion: 1, isActive: true, url: receiver.url,
      encryption: { protocol: 'sharedSecret', secret: 'a'.repeat(32) + 'b'.repeat(32) }, supportedEntities: 'Shift',
    });
    expect(ok.status).toBe(201);
    expect(ok.json.encryption).toEqual({ protocol: 'sharedSecret', secret: null });
    expect(receiver.calls[0]!.path).toBe('/wfi/v1/connect');
    expect(receiver.calls[0]!.payload).toMatchObject({ tenantId: TENANT });

    receiver.setAnswer(() => ({ status: 403, body: '' }));
    const before = emu.state.integrations.size;
    const refused = await g('POST', '/v1.0/teamwork/workforceIntegrations', {
      displayName: 'Refused', apiVersion: 1, isActive: true, url: receiver.url,
      encryption: { protocol: 'sharedSecret', secret: 'a'.repeat(32) + 'b'.repeat(32) }, supportedEntities: 'Shift',
    });
    expect(refused.status).toBe(400);
    expect(String((refused.json.error as { message: string }).message)).toContain('/connect');
    expect(emu.state.integrations.size).toBe(before);
  });

  it('asks /update before applying a Graph write, forwarding X-MS-WFMPassthrough as an HTTP header', async () => {
    const res = await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, shiftBody(), { 'X-MS-WFMPassthrough': 'connector-wfi-id' });
    expect(res.status).toBe(201);
    expect(receiver.calls).toHaveLength(1);
    const call = receiver.calls[0]!;
    expect(call.path).toBe(`/wfi/v1/teams/${TEAM}/update`);
    expect(call.headers['x-ms-wfmpassthrough']).toBe('connector-wfi-id');
    const item = call.payload.requests![0]!;
    expect(item).toMatchObject({ method: 'POST', url: `/shifts/${String(res.json.id)}` });
    expect(item.body).toMatchObject({ userId: ALICE, sharedShift: { theme: 'Blue' } });
    expect(item.headers['X-MS-Transaction-ID']).toMatch(/^[0-9a-f-]{36}$/);
    const ahead = Date.parse(item.headers['X-MS-Expires']!) - Date.now();
    expect(ahead).toBeGreaterThan(20_000);
    expect(ahead).toBeLessThanOrEqual(30_000);
    const stored = await g('GET', `/v1.0/teams/${TEAM}/schedule/shifts/${String(res.json.id)}`);
    expect(stored.status).toBe(200);
  });

  it('does not send a passthrough header when the caller sent none', async () => {
    await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, shiftBody());
    expect(receiver.calls[0]!.headers['x-ms-wfmpassthrough']).toBeUndefined();
  });

  it("fails the Graph call with the connector's message and keeps nothing when an item is rejected", async () => {
    receiver.setAnswer(rejectAll('Avery is not qualified for this job.'));
    const res = await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, shiftBody());
    expect(res.status).toBe(400);
    expect((res.json.error as { message: string }).message).toBe('Avery is not qualified for this job.');
    const list = await g('GET', `/v1.0/teams/${TEAM}/schedule/shifts`);
    expect(list.json.value).toHaveLength(0);
    expect(emu.state.callbacks[0]).toMatchObject({ kind: 'update', outcome: 'rejected' });
  });

  it('retries a non-200 answer and then fails with "responded with invalid data"', async () => {
    receiver.setAnswer(() => ({ status: 500, body: 'oops' }));
    const res = await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, shiftBody());
    expect(res.status).toBe(502);
    expect((res.json.error as { message: string }).message).toBe(INVALID_DATA_MESSAGE);
    expect(receiver.calls).toHaveLength(3);
    expect((await g('GET', `/v1.0/teams/${TEAM}/schedule/shifts`)).json.value).toHaveLength(0);
  });

  it('treats an unparsable 200 answer as invalid data but succeeds when a retry answers properly', async () => {
    let n = 0;
    receiver.setAnswer((call) => (++n === 1 ? { status: 200, body: '<html>not json' } : approveAll(call)));
    const res = await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, shiftBody());
    expect(res.status).toBe(201);
    expect(receiver.calls).toHaveLength(2);
    expect(emu.state.callbacks[0]!.attempts.map((a) => a.problem ?? 'ok')).toEqual(['the answer is not JSON', 'ok']);
  });

  it('sends the five-item transaction when a manager approves a swap, and applies it only after approval', async () => {
    const a = await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, shiftBody(ALICE, '2026-03-02'));
    const b = await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, shiftBody(BOB, '2026-03-03'));
    const act = (path: string, body: unknown) =>
      fetch(`${url}/_emulator/act/teams/${TEAM}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const swap = (await (await act('/swapRequests', { as: ALICE, senderShiftId: a.json.id, recipientShiftId: b.json.id })).json()) as { id: string };
    expect((await act(`/requests/${swap.id}/accept`, { as: BOB })).status).toBe(200);
    receiver.calls.length = 0;

    const approved = await g('POST', `/beta/teams/${TEAM}/schedule/swapShiftsChangeRequests/${swap.id}/approveForUser`, { message: 'ok', userId: MANAGER }, { 'X-MS-WFMPassthrough': 'me' });
    expect(approved.status).toBe(204);
    const items = receiver.calls[0]!.payload.requests!;
    expect(items.map((i) => `${i.method} ${i.url.split('/')[1]}`)).toEqual([
      'PUT swapRequests', 'DELETE shifts', 'DELETE shifts', 'POST shifts', 'POST shifts',
    ]);
    expect(items[0]!.body).toMatchObject({ state: 'Approved', assignedTo: 'Manager' });
    expect(new Set(items.map((i) => i.headers['X-MS-Transaction-ID'])).size).toBe(1);
    expect(receiver.calls[0]!.headers['x-ms-wfmpassthrough']).toBe('me');

    const shifts = (await g('GET', `/v1.0/teams/${TEAM}/schedule/shifts`)).json.value!;
    expect(shifts.map((s) => [s.userId, (s.sharedShift as { startDateTime: string }).startDateTime]).sort()).toEqual([
      [ALICE, '2026-03-03T09:00:00Z'],
      [BOB, '2026-03-02T09:00:00Z'],
    ]);
  });

  it('sends a manager deleting a shift in the UI as PUT with draftShift.isActive=false, then sharedShift.isActive=false', async () => {
    const a = await g('POST', `/v1.0/teams/${TEAM}/schedule/shifts`, shiftBody());
    receiver.calls.length = 0;
    const res = await fetch(`${url}/_emulator/act/teams/${TEAM}/shifts/${String(a.json.id)}/delete`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: MANAGER }),
    });
    expect(res.status).toBe(204);
    const [first, second] = receiver.calls.map((c) => c.payload.requests![0]!);
    expect(first).toMatchObject({ method: 'PUT', body: { draftShift: { isActive: false } } });
    expect(second).toMatchObject({ method: 'PUT', body: { sharedShift: { isActive: false } } });
    expect((await g('GET', `/v1.0/teams/${TEAM}/schedule/shifts`)).json.value).toHaveLength(0);
  });

  it('offers only the time-off reasons the integration returns from /read when filtering is enabled', async () => {
    const wfiId = (await g('GET', `/v1.0/teams/${TEAM}/schedule`)).json.workforceIntegrationIds as string[];
    const reasons = await Promise.all(
      ['Vacation', 'Sick'].map((displayName) => g('POST', `/v1.0/teams/${TEAM}/schedule/timeOffReasons`, { displayName, iconType: 'plane', isActive: true })),
    );
    const patched = await g('PATCH', `/beta/teamwork/workforceIntegrations/${wfiId[0]!}`, { eligibilityFilteringEnabledEntities: 'TimeOffReason' }, { prefer: 'include-unknown-enum-members' });
    expect(patched.status).toBe(200);
    const allowed = String(reasons[1]!.json.id);
    receiver.setAnswer((call) =>
      call.path.endsWith('/read')
        ? { status: 200, body: JSON.stringify({ responses: [{ id: call.payload.requests![0]!.id, status: 200, body: { eTag: null, error: null, data: [allowed] } }] }) }
        : approveAll(call),
    );
    const offered = (await (await fetch(`${url}/_emulator/act/teams/${TEAM}/offered/timeOffReasons?as=${ALICE}`)).json()) as { value: Array<{ id: string }> };
    expect(offered.value.map((r) => r.id)).toEqual([allowed]);
    const readCall = receiver.calls.find((c) => c.path.endsWith('/read'))!;
    expect(readCall.payload.requests![0]).toMatchObject({ method: 'GET', url: `/users/${ALICE}/timeOffReasons?requestType=TimeOffReason`, body: null });

    const refused = await fetch(`${url}/_emulator/act/teams/${TEAM}/timeOffRequests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: ALICE, timeOffReasonId: reasons[0]!.json.id, startDateTime: '2026-03-10T00:00:00Z', endDateTime: '2026-03-11T00:00:00Z' }),
    });
    expect(refused.status).toBe(400);
  });
});
