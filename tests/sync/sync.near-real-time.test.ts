import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntityMappingByWfmId } from '../../connector/mappings/index.ts';
import type { EmbeddedWfm, WfmShift } from '../../connector/wfm/index.ts';
import { BKN, CMD, shiftsOf, startHarness, type Harness } from './support/harness.ts';

async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('automatic sync', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SYNC_AUTOMATIC: 'true' } });
  }, 120_000);
  afterAll(async () => h?.close());

  it('runs the initial sync of newly mapped teams from the schedule, each team once', async () => {
    await h.sync.scheduleDue();
    const statuses = await waitFor(async () => {
      const s = await h.sync.service.teamStatuses();
      return s.length === 2 && s.every((t) => t.lastSyncAt !== null) ? s : undefined;
    }, 90_000);
    expect(statuses.map((s) => s.health)).toEqual(['healthy', 'healthy']);
    for (const team of [BKN, CMD]) {
      const runs = await h.sync.service.recentRuns(team, 1);
      expect(runs.filter((r) => r.kind === 'initial' && r.state === 'succeeded')).toHaveLength(1);
    }
    // The next incremental run is scheduled in the team's own slot within the interval.
    const next = await waitFor(async () => {
      await h.sync.scheduleDue();
      return (await h.sync.service.teamStatuses([BKN]))[0]!.nextSyncAt ?? undefined;
    }, 10_000);
    expect(Date.parse(next)).toBeGreaterThan(Date.now());
    expect(Date.parse(next) - Date.now()).toBeLessThanOrEqual(10 * 60_000);
  }, 120_000);

  it('pushes a WFM change to Shifts within seconds when the WFM notifies', async () => {
    const wfm = h.sync.wfm as EmbeddedWfm;
    const now = Date.now();
    const r = await wfm.listShifts('store-bkn', { start: new Date(now + 86_400_000).toISOString(), end: new Date(now + 10 * 86_400_000).toISOString() });
    if (!r.ok) throw new Error(r.error.message);
    const s: WfmShift = r.value[0]!;
    const shiftsId = (await getEntityMappingByWfmId(h.t.app.store, BKN, 'shift', s.id))!.shiftsId;
    const started = Date.now();
    const applied = await wfm.applyAsWfm('store-bkn', [
      { kind: 'shift.update', id: s.id, data: { employeeId: s.employeeId, jobId: s.jobId, start: s.start, end: s.end, label: s.label, notes: 'pushed', theme: s.theme, activities: s.activities } },
    ]);
    expect(applied.ok).toBe(true);
    await waitFor(() => {
      const x = shiftsOf(h.emu, BKN).find((e) => e.id === shiftsId);
      return (x?.sharedShift as { notes?: string } | undefined)?.notes === 'pushed' ? true : undefined;
    }, 15_000);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 60_000);
});

describe('draft mode', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SYNC_DRAFTS: 'true', SYNC_NOTIFY_TEAM: 'false' } });
  }, 120_000);
  afterAll(async () => h?.close());

  it('writes drafts and shares them once for the window', async () => {
    const run = await h.sync.runNow(BKN, 'initial');
    expect(run.state).toBe('succeeded');
    const shifts = shiftsOf(h.emu, BKN);
    expect(shifts.length).toBeGreaterThan(0);
    for (const s of shifts) {
      expect(s.draftShift).toBeNull();
      expect(s.sharedShift).toBeTruthy();
    }
    const before = { ...h.sync.graph.stats };
    const again = await h.sync.runNow(BKN, 'reconcile', { full: true });
    expect(again.state).toBe('succeeded');
    expect(h.sync.graph.stats.writes - before.writes).toBe(0);
  }, 120_000);
});
