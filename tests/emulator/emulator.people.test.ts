import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import { ALICE, BOB, MANAGER, TEAM, appToken, enableIntegration, graph, startEmulator, startReceiver } from './support.ts';

const run = promisify(execFile);

describe('acting as people in Shifts: CLI, act API and the inspection page', () => {
  let emu: Emulator;
  let url: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let g: ReturnType<typeof graph>;

  beforeAll(async () => {
    ({ emu, url } = await startEmulator({ throttle: { enabled: false } }));
    g = graph(url, await appToken(url));
    receiver = await startReceiver();
    await enableIntegration(g, receiver.url);
    await g('POST', `/v1.0/teams/${TEAM}/schedule/schedulingGroups`, { displayName: 'Floor', isActive: true, userIds: [ALICE, BOB] });
  });
  afterAll(async () => {
    await receiver.close();
    await emu.close();
  });

  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'emulator/act/cli.ts', ...args], { env: { ...process.env, EMULATOR_URL: url }, cwd: process.cwd() });

  it('adds a shift as the manager from the CLI, naming people by display name', async () => {
    const { stdout } = await cli('add-shift', '--team', 'Store 1', '--as', 'Morgan Manager', '--user', 'Alice Worker', '--start', '2026-04-01T08:00:00Z', '--end', '2026-04-01T12:00:00Z');
    const shift = JSON.parse(stdout) as { id: string; userId: string };
    expect(shift.userId).toBe(ALICE);
    expect(receiver.calls.at(-1)!.payload.requests![0]).toMatchObject({ method: 'POST', url: `/shifts/${shift.id}` });
    const listed = await cli('teams');
    expect(listed.stdout).toContain(shift.id);
  }, 30_000);

  it('refuses a worker acting as a manager, with a clear message and a failing exit code', async () => {
    await expect(
      cli('add-shift', '--team', TEAM, '--as', BOB, '--user', ALICE, '--start', '2026-04-02T08:00:00Z', '--end', '2026-04-02T12:00:00Z'),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('is not a manager') as unknown });
  }, 30_000);

  it('runs a time-off request from a worker to the manager approval, creating the time off', async () => {
    const reason = await g('POST', `/v1.0/teams/${TEAM}/schedule/timeOffReasons`, { displayName: 'Vacation', iconType: 'plane', isActive: true });
    const asked = await fetch(`${url}/_emulator/act/teams/${TEAM}/timeOffRequests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: BOB, timeOffReasonId: reason.json.id, startDateTime: '2026-04-10T00:00:00Z', endDateTime: '2026-04-11T00:00:00Z', message: 'Trip' }),
    });
    const request = (await asked.json()) as { id: string; state: string };
    expect(request.state).toBe('pending');
    expect(receiver.calls.at(-1)!.payload.requests![0]!.body).toMatchObject({ state: 'Pending', assignedTo: 'Manager', senderUserId: BOB });

    const approved = await g('POST', `/beta/teams/${TEAM}/schedule/timeOffRequests/${request.id}/approveForUser`, { message: 'Enjoy', userId: MANAGER });
    expect(approved.status).toBe(204);
    const timesOff = await g('GET', `/v1.0/teams/${TEAM}/schedule/timesOff`);
    expect(timesOff.json.value!.map((t) => [t.userId, (t.sharedTimeOff as { timeOffReasonId: string }).timeOffReasonId])).toEqual([[BOB, reason.json.id]]);
    const again = await g('POST', `/beta/teams/${TEAM}/schedule/timeOffRequests/${request.id}/approveForUser`, { userId: MANAGER });
    expect(again.status).toBe(400);
  });

  it('turns an approved open-shift request into a shift for the worker and uses one slot', async () => {
    const groups = await g('GET', `/v1.0/teams/${TEAM}/schedule/schedulingGroups`);
    const open = await g('POST', `/v1.0/teams/${TEAM}/schedule/openShifts`, {
      schedulingGroupId: groups.json.value![0]!.id,
      sharedOpenShift: { startDateTime: '2026-04-20T08:00:00Z', endDateTime: '2026-04-20T14:00:00Z', theme: 'green', openSlotCount: 2 },
    });
    expect(open.status).toBe(201);
    const act = (path: string, body: unknown) =>
      fetch(`${url}/_emulator/act/teams/${TEAM}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const asked = (await (await act('/openShiftRequests', { as: BOB, openShiftId: open.json.id })).json()) as { id: string };
    expect((await act(`/requests/${asked.id}/approve`, { as: 'user-manager', message: 'Thanks' })).status).toBe(204);

    const items = receiver.calls.at(-1)!.payload.requests!;
    expect(items.map((i) => `${i.method} ${i.url.split('/')[1]}`)).toEqual(['PUT openshiftrequests', 'POST shifts']);
    expect(items[0]!.body).toMatchObject({ state: 'Approved', managerUserId: 'user-manager', managerActionMessage: 'Thanks' });
    const shifts = await g('GET', `/v1.0/teams/${TEAM}/schedule/shifts?$top=100`);
    expect(shifts.json.value!.some((s) => s.userId === BOB && (s.sharedShift as { startDateTime: string }).startDateTime === '2026-04-20T08:00:00Z')).toBe(true);
    const after = await g('GET', `/v1.0/teams/${TEAM}/schedule/openShifts/${String(open.json.id)}`);
    expect((after.json.sharedOpenShift as { openSlotCount: number }).openSlotCount).toBe(1);
  });

  it('shows teams, shifts and the last callbacks with their answers on the read-only page', async () => {
    const res = await fetch(`${url}/_emulator/`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Store 1');
    expect(html).toContain('Alice Worker');
    expect(html).toMatch(/POST \/shifts\/SHFT_/);
    expect(html).not.toContain('a'.repeat(32));
  });
});
