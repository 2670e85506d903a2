import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntityMappingByWfmId } from '../../connector/mappings/index.ts';
import type { WfmShift } from '../../connector/wfm/index.ts';
import { BKN, shiftsOf, startHarness, type Harness } from './support/harness.ts';

const WFM_TEAM = 'store-bkn';

describe('continuous sync from the WFM change feed', () => {
  let h: Harness;
  let shifts: WfmShift[];
  beforeAll(async () => {
    h = await startHarness();
    const initial = await h.sync.runNow(BKN, 'initial');
    expect(initial.state).toBe('succeeded');
    const now = Date.now();
    const r = await h.wfm.listShifts(WFM_TEAM, { start: new Date(now + 86_400_000).toISOString(), end: new Date(now + 12 * 86_400_000).toISOString() });
    if (!r.ok) throw new Error(r.error.message);
    shifts = r.value;
    expect(shifts.length).toBeGreaterThan(3);
  }, 120_000);
  afterAll(async () => h?.close());

  it('updates a changed shift in place with one PUT (never delete + create)', async () => {
    const s = shifts[0]!;
    const before = await getEntityMappingByWfmId(h.t.app.store, BKN, 'shift', s.id);
    const r = await h.wfm.applyAsWfm(WFM_TEAM, [
      { kind: 'shift.update', id: s.id, data: { employeeId: s.employeeId, jobId: s.jobId, start: s.start, end: s.end, label: s.label, notes: 'Bring the new keys', theme: s.theme, activities: s.activities } },
    ]);
    expect(r.ok).toBe(true);
    const stats = { ...h.sync.graph.stats };
    const run = await h.sync.runNow(BKN, 'incremental');
    expect(run.state).toBe('succeeded');
    expect(run.counts.shift).toEqual({ updated: 1 });
    expect(h.sync.graph.stats.writes - stats.writes).toBe(1);
    expect(h.sync.graph.stats.deletes - stats.deletes).toBe(0);
    const after = await getEntityMappingByWfmId(h.t.app.store, BKN, 'shift', s.id);
    expect(after!.shiftsId).toBe(before!.shiftsId);
    const inShifts = shiftsOf(h.emu, BKN).find((x) => x.id === before!.shiftsId)!;
    expect((inShifts.sharedShift as { notes: string }).notes).toBe('Bring the new keys');
  }, 60_000);

  it('deletes a shift the WFM deleted and creates an open shift the WFM created', async () => {
    const s = shifts[1]!;
    const mapping = await getEntityMappingByWfmId(h.t.app.store, BKN, 'shift', s.id);
    const start = new Date(Date.parse(s.start) + 3600_000).toISOString();
    const end = new Date(Date.parse(s.start) + 5 * 3600_000).toISOString();
    const r = await h.wfm.applyAsWfm(WFM_TEAM, [
      { kind: 'shift.delete', id: s.id },
      { kind: 'openShift.create', data: { jobId: s.jobId, start, end, slots: 2, label: 'Extra hands', notes: null, theme: 'green', activities: [] } },
    ]);
    expect(r.ok).toBe(true);
    const run = await h.sync.runNow(BKN, 'incremental');
    expect(run.state).toBe('succeeded');
    expect(run.counts.shift).toEqual({ deleted: 1 });
    expect(run.counts.openShift).toEqual({ created: 1 });
    expect(shiftsOf(h.emu, BKN).some((x) => x.id === mapping!.shiftsId)).toBe(false);
    expect(await getEntityMappingByWfmId(h.t.app.store, BKN, 'shift', s.id)).toBeUndefined();
    const open = shiftsOf(h.emu, BKN, 'openShifts').find((o) => (o.sharedOpenShift as { displayName: string }).displayName === 'Extra hands');
    expect((open!.sharedOpenShift as { openSlotCount: number }).openSlotCount).toBe(2);
  }, 60_000);

  it('does not echo changes that came from Shifts back to Shifts', async () => {
    const s = shifts[2]!;
    // The webhook applies Shifts-originated changes with `apply` (origin `shifts`).
    const r = await h.wfm.apply(
      WFM_TEAM,
      [{ kind: 'shift.update', id: s.id, data: { employeeId: s.employeeId, jobId: s.jobId, start: s.start, end: s.end, label: s.label, notes: 'changed in Shifts', theme: s.theme, activities: s.activities } }],
      { employeeId: null, role: 'manager', userId: null },
    );
    expect(r.ok).toBe(true);
    const stats = { ...h.sync.graph.stats };
    const run = await h.sync.runNow(BKN, 'incremental');
    expect(run.state).toBe('succeeded');
    expect(h.sync.graph.stats.writes - stats.writes).toBe(0);
  }, 60_000);

  it('writes nothing when the feed holds nothing new', async () => {
    const stats = { ...h.sync.graph.stats };
    const run = await h.sync.runNow(BKN, 'incremental');
    expect(run.state).toBe('succeeded');
    expect(run.counts).toEqual({});
    expect(h.sync.graph.stats.requests - stats.requests).toBe(0);
  }, 60_000);
});
