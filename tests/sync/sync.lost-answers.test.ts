/**
 * Regression: updates and deletes sent in a `$batch` whose answer was lost (the connection
 * dropped after Shifts had applied them) were recorded as failures and waited for the next
 * run. They are now looked at in Shifts at once: adopted when they took effect, else resent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntityMappingByWfmId } from '../../connector/mappings/index.ts';
import type { WfmShift } from '../../connector/wfm/index.ts';
import { BKN, shiftsOf, startHarness, type Harness } from './support/harness.ts';

const WFM_TEAM = 'store-bkn';

describe('writes whose answer was lost', () => {
  let h: Harness;
  let shifts: WfmShift[];
  beforeAll(async () => {
    h = await startHarness({ emulator: { faults: { timeoutMs: 50 } } });
    expect((await h.sync.runNow(BKN, 'initial')).state).toBe('succeeded');
    const now = Date.now();
    const r = await h.wfm.listShifts(WFM_TEAM, { start: new Date(now + 86_400_000).toISOString(), end: new Date(now + 12 * 86_400_000).toISOString() });
    if (!r.ok) throw new Error(r.error.message);
    shifts = r.value;
  }, 120_000);
  afterAll(async () => h?.close());

  it('adopts applied updates and deletes in the same run, with no failure and nothing written twice', async () => {
    const [a, b, gone] = shifts as [WfmShift, WfmShift, WfmShift];
    const ids = await Promise.all([a, b, gone].map(async (s) => (await getEntityMappingByWfmId(h.t.app.store, BKN, 'shift', s.id))!.shiftsId));
    const update = (s: WfmShift) => ({ kind: 'shift.update' as const, id: s.id, data: { employeeId: s.employeeId, jobId: s.jobId, start: s.start, end: s.end, label: s.label, notes: 'lost answer', theme: s.theme, activities: s.activities } });
    expect((await h.wfm.applyAsWfm(WFM_TEAM, [update(a), update(b), { kind: 'shift.delete', id: gone.id }])).ok).toBe(true);

    h.emu.setFaults({ loseAnswers: 1 }); // the batch carrying the three writes
    const writes = h.sync.graph.stats.writes;
    const run = await h.sync.runNow(BKN, 'incremental');
    expect(run.state).toBe('succeeded');
    expect(run.counts.shift).toEqual({ updated: 2, deleted: 1 });
    expect(await h.sync.service.listFailures({ teamIds: [BKN] })).toEqual([]);
    // Each write went out once: the look in Shifts found them applied.
    expect(h.sync.graph.stats.writes - writes).toBe(2);
    const inShifts = new Map(shiftsOf(h.emu, BKN).map((x) => [String(x.id), x]));
    for (const id of ids.slice(0, 2)) expect((inShifts.get(id)!.sharedShift as { notes: string }).notes).toBe('lost answer');
    expect(inShifts.has(ids[2]!) && inShifts.get(ids[2]!)!.isActive !== false).toBe(false);
    expect(await getEntityMappingByWfmId(h.t.app.store, BKN, 'shift', gone.id)).toBeUndefined();
  }, 60_000);

  it('counts every send of a failed write as an attempt, the Graph client\'s own retries included', async () => {
    const s = shifts[3]!;
    const data = { employeeId: s.employeeId, jobId: s.jobId, start: s.start, end: s.end, label: s.label, notes: 'Graph is down', theme: s.theme, activities: s.activities };
    expect((await h.wfm.applyAsWfm(WFM_TEAM, [{ kind: 'shift.update', id: s.id, data }])).ok).toBe(true);
    h.emu.setFaults({ errorRate: 1 });
    try {
      await h.sync.runNow(BKN, 'incremental');
    } finally {
      h.emu.setFaults({ errorRate: 0 });
    }
    const [f] = await h.sync.service.listFailures({ teamIds: [BKN] });
    // Five sends (the retry policy's attempts) in one round, not "1 attempt".
    expect(f).toMatchObject({ wfmId: s.id, operation: 'update', attempts: 5 });
    expect(f!.history).toHaveLength(1);
    expect(f!.history[0]!.attempts).toBe(5);
  }, 60_000);
});
