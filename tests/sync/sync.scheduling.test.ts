/**
 * Regressions: one team's long initial sync delayed another team's pushed change by a minute
 * (head-of-line blocking), and a failed entity due for a retry waited for its team's next
 * slot (up to the whole interval) instead of its own due time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteUserMapping, getEntityMappingByWfmId, upsertUserMapping } from '../../connector/mappings/index.ts';
import type { EmbeddedWfm, WfmShift } from '../../connector/wfm/index.ts';
import { DEMO_EMPLOYEES } from '../../connector/wfm/embedded/demo.ts';
import { BKN, CMD, shiftsOf, startHarness, type Harness } from './support/harness.ts';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a long initial sync of one team', () => {
  let h: Harness;
  beforeAll(async () => {
    // Graph's own 4 requests/s per team: the first team's initial sync takes many seconds, a
    // single change of another team a fraction of one.
    h = await startHarness({ env: { SYNC_AUTOMATIC: 'true', SYNC_CONCURRENCY: '2', GRAPH_TEAM_RPS: '4' } });
  }, 120_000);
  afterAll(async () => h?.close());

  it('does not hold back a change pushed for another team: it lands while the long sync still runs', async () => {
    expect((await h.sync.runNow(CMD, 'initial')).state).toBe('succeeded');
    await h.sync.scheduleDue(); // asks for the initial sync of BKN, the one team not synced yet
    const longRun = await waitFor('the long sync to be under way', async () =>
      (await h.sync.service.recentRuns(BKN, 1)).find((r) => r.kind === 'initial' && r.state === 'running' && (r.counts.shift?.created ?? 0) > 0),
    );

    const wfm = h.sync.wfm as EmbeddedWfm;
    const now = Date.now();
    const listed = await wfm.listShifts('store-cmd', { start: new Date(now + 86_400_000).toISOString(), end: new Date(now + 10 * 86_400_000).toISOString() });
    if (!listed.ok) throw new Error(listed.error.message);
    const s: WfmShift = listed.value[0]!;
    const shiftsId = (await getEntityMappingByWfmId(h.t.app.store, CMD, 'shift', s.id))!.shiftsId;
    const pushed = await wfm.applyAsWfm('store-cmd', [
      { kind: 'shift.update', id: s.id, data: { employeeId: s.employeeId, jobId: s.jobId, start: s.start, end: s.end, label: s.label, notes: 'not behind BKN', theme: s.theme, activities: s.activities } },
    ]);
    expect(pushed.ok).toBe(true);
    await waitFor('the pushed change to land', () => {
      const x = shiftsOf(h.emu, CMD).find((e) => e.id === shiftsId);
      return (x?.sharedShift as { notes?: string } | undefined)?.notes === 'not behind BKN' ? true : undefined;
    });
    // Ordering, not timing: the other team's change is in Shifts before the long run ended.
    expect((await h.sync.service.getRun(longRun.id))!.state).toBe('running');
  }, 180_000);
});

describe('a failed entity due for a retry', () => {
  let h: Harness;
  const avery = DEMO_EMPLOYEES.find((e) => e.wfmEmployeeId === 'E1001')!;
  beforeAll(async () => {
    // No schedule at all: no tick, no slot; only due times can start a run.
    h = await startHarness();
  }, 120_000);
  afterAll(async () => h?.close());

  it('is retried at its own due time, not at the team\'s next slot', async () => {
    await deleteUserMapping(h.t.app.store, avery.userId);
    expect((await h.sync.runNow(BKN, 'initial')).state).toBe('partial');
    const failures = await h.sync.service.listFailures({ teamIds: [BKN] });
    expect(failures.length).toBeGreaterThan(0);
    // The first retry is due a minute after the failure.
    for (const f of failures) expect(Math.abs(Date.parse(f.nextRetryAt!) - Date.parse(f.lastSeenAt) - 60_000)).toBeLessThan(1000);
    await upsertUserMapping(h.t.app.store, { userId: avery.userId, wfmEmployeeId: avery.wfmEmployeeId, displayName: avery.displayName, upn: avery.upn });
    // The minute passes (the store's clock is the one due times are judged by).
    await h.t.app.store.query(`UPDATE sync_failures SET next_retry_at = now() WHERE team_id = $1`, [BKN]);
    await waitFor('the retry to resolve the failures', async () => {
      const open = await h.sync.service.listFailures({ teamIds: [BKN], state: ['open', 'retrying'] });
      return open.length === 0 ? true : undefined;
    });
    const resolved = await Promise.all(failures.map((f) => h.sync.service.getFailure(f.id)));
    expect(resolved.map((f) => f?.state)).toEqual(failures.map(() => 'resolved'));
    const runs = await h.sync.service.recentRuns(BKN, 1);
    expect(runs.filter((r) => r.kind === 'incremental' && r.state === 'succeeded')).toHaveLength(1);
  }, 120_000);
});
