import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntityMappingByShiftsId } from '../../connector/mappings/index.ts';
import { listDecisions } from '../../connector/webhook/index.ts';
import { createEmbeddedWfm } from '../../connector/wfm/index.ts';
import { BROOKLYN, employee, futureTuesday, item, MANAGER, postWfi, shiftBody, updatePath, startSeededWebhookApp } from './support.ts';
import type { TestApp } from '../support/app.ts';

let t: TestApp;
const wfm = () => createEmbeddedWfm({ store: t.app.store });
const avery = employee('E1001');
const jordan = employee('E1002');

beforeAll(async () => {
  t = await startSeededWebhookApp();
});
afterAll(async () => t?.close());

async function shiftOf(shiftsId: string) {
  const m = await getEntityMappingByShiftsId(t.app.store, BROOKLYN.teamsTeamId, 'shift', shiftsId);
  if (!m) return undefined;
  const r = await wfm().listShifts(BROOKLYN.wfmTeamId, { start: futureTuesday(-1, 0), end: futureTuesday(12, 0) });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.find((s) => s.id === m.wfmId);
}

/** Two cashier shifts on different days, a swap request between their holders, accepted by the recipient. */
async function pendingSwap(tag: string, weeks: number) {
  const a = { id: `SHFT_${tag}_a`, start: futureTuesday(weeks, 14), end: futureTuesday(weeks, 18) };
  const b = { id: `SHFT_${tag}_b`, start: futureTuesday(weeks, 14 + 24), end: futureTuesday(weeks, 18 + 24) };
  const created = await postWfi(t.url, updatePath(), {
    requests: [
      item({ url: `/shifts/${a.id}`, body: shiftBody({ id: a.id, userId: avery.userId, start: a.start, end: a.end }) }),
      item({ url: `/shifts/${b.id}`, body: shiftBody({ id: b.id, userId: jordan.userId, start: b.start, end: b.end }) }),
    ],
  });
  expect(created.json.responses.map((r) => r.status)).toEqual([200, 200]);
  const swapId = `SWP_${tag}`;
  const swap = { id: swapId, senderShiftId: a.id, recipientShiftId: b.id, senderUserId: avery.userId, recipientUserId: jordan.userId, senderMessage: 'Trade?' };
  const asked = await postWfi(t.url, updatePath(), {
    requests: [item({ url: `/swapRequests/${swapId}`, body: { ...swap, state: 'Pending', assignedTo: 'Recipient', lastModifiedBy: { user: { id: avery.userId } } } })],
  });
  expect(asked.json.responses[0]).toMatchObject({ status: 200, body: { error: null } });
  return { a, b, swapId, swap };
}

function approvalItems(tag: string, p: Awaited<ReturnType<typeof pendingSwap>>, transactionId: string, newUserForA = jordan.userId) {
  return [
    item({ method: 'PUT', url: `/swapRequests/${p.swapId}`, transactionId, body: { ...p.swap, state: 'Approved', assignedTo: 'Manager', lastModifiedBy: { user: { id: MANAGER.userId } } } }),
    item({ method: 'DELETE', url: `/shifts/${p.a.id}`, transactionId }),
    item({ method: 'DELETE', url: `/shifts/${p.b.id}`, transactionId }),
    item({ url: `/shifts/SHFT_${tag}_a2`, transactionId, body: shiftBody({ id: `SHFT_${tag}_a2`, userId: newUserForA, start: p.a.start, end: p.a.end }) }),
    item({ url: `/shifts/SHFT_${tag}_b2`, transactionId, body: shiftBody({ id: `SHFT_${tag}_b2`, userId: avery.userId, start: p.b.start, end: p.b.end }) }),
  ];
}

describe('swap approval (five items, atomic)', () => {
  it('approves and applies all five items when the swap is valid, and maps the new Shifts shifts', async () => {
    const p = await pendingSwap('ok', 5);
    const accepted = await postWfi(t.url, updatePath(), {
      requests: [item({ method: 'PUT', url: `/swapRequests/${p.swapId}`, body: { ...p.swap, state: 'Pending', assignedTo: 'Manager', lastModifiedBy: { user: { id: jordan.userId } } } })],
    });
    expect(accepted.json.responses[0]).toMatchObject({ status: 200 });

    const res = await postWfi(t.url, updatePath(), { requests: approvalItems('ok', p, 'tx-swap-ok') });
    expect(res.status).toBe(200);
    expect(res.json.responses.map((r) => [r.id, r.status])).toEqual([
      [p.swapId, 200],
      [p.a.id, 200],
      [p.b.id, 200],
      ['SHFT_ok_a2', 200],
      ['SHFT_ok_b2', 200],
    ]);
    for (const r of res.json.responses) expect(r.body.eTag).toEqual(expect.any(String));
    // The WFM swapped the holders; the new Shifts shifts point at the swapped WFM shifts.
    const a2 = await shiftOf('SHFT_ok_a2');
    const b2 = await shiftOf('SHFT_ok_b2');
    expect(a2).toMatchObject({ employeeId: 'E1002', start: p.a.start });
    expect(b2).toMatchObject({ employeeId: 'E1001', start: p.b.start });
    expect(res.json.responses[3]!.body.eTag).toBe(a2!.version);
  });

  it('rejects all five items with the reason on each when the swap cannot be approved, and changes nothing', async () => {
    // Not yet accepted by the colleague: a manager cannot approve it.
    const p = await pendingSwap('early', 6);
    const res = await postWfi(t.url, updatePath(), { requests: approvalItems('early', p, 'tx-swap-early') });
    expect(res.status).toBe(200);
    expect(res.json.responses).toHaveLength(5);
    for (const r of res.json.responses) {
      expect(r.status).toBe(400);
      expect(r.body.error?.code).toBe('INVALID_TRANSITION');
      expect(r.body.eTag).toBeNull();
    }
    expect(await shiftOf(p.a.id)).toMatchObject({ employeeId: 'E1001' });
    expect(await shiftOf(p.b.id)).toMatchObject({ employeeId: 'E1002' });
    const decisions = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId, decision: 'rejected', limit: 5 });
    expect(decisions.map((d) => d.ruleCode)).toEqual(Array(5).fill('INVALID_TRANSITION'));
  });

  it('rejects all five items when one of them cannot be translated, before asking the WFM', async () => {
    const p = await pendingSwap('bad', 7);
    await postWfi(t.url, updatePath(), {
      requests: [item({ method: 'PUT', url: `/swapRequests/${p.swapId}`, body: { ...p.swap, state: 'Pending', assignedTo: 'Manager', lastModifiedBy: { user: { id: jordan.userId } } } })],
    });
    const res = await postWfi(t.url, updatePath(), { requests: approvalItems('bad', p, 'tx-swap-bad', 'unmapped-user') });
    expect(res.json.responses.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(new Set(res.json.responses.map((r) => r.body.error?.code))).toEqual(new Set(['UNKNOWN_EMPLOYEE']));
    expect(await shiftOf(p.a.id)).toMatchObject({ employeeId: 'E1001' });
  });
});
