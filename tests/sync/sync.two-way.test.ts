import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntityMappingByWfmId } from '../../connector/mappings/index.ts';
import { DEMO_EMPLOYEES, DEMO_TEAMS } from '../../connector/wfm/embedded/demo.ts';
import type { WfmShift } from '../../connector/wfm/index.ts';
import { BKN, startHarness, type Harness } from './support/harness.ts';

const manager = DEMO_TEAMS[0]!.ownerUserId;
const userOf = (employeeId: string) => DEMO_EMPLOYEES.find((e) => e.wfmEmployeeId === employeeId)!.userId;

describe('sync alongside changes made in Shifts', () => {
  let h: Harness;
  let shift: WfmShift;
  const act = (path: string, body: unknown) =>
    fetch(`${h.emu.url}/_emulator/act/teams/${BKN}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  beforeAll(async () => {
    h = await startHarness();
    const run = await h.sync.runNow(BKN, 'initial');
    expect(run.state).toBe('succeeded');
    const now = Date.now();
    const r = await h.wfm.listShifts('store-bkn', { start: new Date(now + 86_400_000).toISOString(), end: new Date(now + 10 * 86_400_000).toISOString() });
    if (!r.ok) throw new Error(r.error.message);
    shift = r.value[0]!;
  }, 120_000);
  afterAll(async () => h?.close());

  it('does not write back a change a manager made in Shifts, and a reconcile finds nothing to fix', async () => {
    const shiftsId = (await getEntityMappingByWfmId(h.t.app.store, BKN, 'shift', shift.id))!.shiftsId;
    const res = await act(`/shifts/${shiftsId}/edit`, { as: manager, notes: 'Cover the front door' });
    expect(res.status).toBe(200);
    const wfmNow = await h.wfm.listShifts('store-bkn', { start: shift.start, end: shift.end });
    expect(wfmNow.ok && wfmNow.value.find((s) => s.id === shift.id)?.notes).toBe('Cover the front door');

    const before = { ...h.sync.graph.stats };
    const incremental = await h.sync.runNow(BKN, 'incremental');
    expect(incremental.state).toBe('succeeded');
    const reconcile = await h.sync.runNow(BKN, 'reconcile', { full: true });
    expect(reconcile.state).toBe('succeeded');
    expect(h.sync.graph.stats.writes + h.sync.graph.stats.deletes - before.writes - before.deletes).toBe(0);
    expect(reconcile.counts.shift?.updated ?? 0).toBe(0);
  }, 60_000);

  it('counts changes the WFM rejected in the team status', async () => {
    // A second shift for the same person at the same time breaks the WFM's overlap rule.
    const res = await act('/shifts', { as: manager, userId: userOf(shift.employeeId), startDateTime: shift.start, endDateTime: shift.end });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const [status] = await h.sync.service.teamStatuses([BKN]);
    expect(status!.rejectedLast24h).toBe(1);
  }, 60_000);
});
