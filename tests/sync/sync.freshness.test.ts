import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WfmShift } from '../../connector/wfm/index.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { BKN, startHarness, type Harness } from './support/harness.ts';

const WFM_TEAM = 'store-bkn';

describe.each(STORE_BACKENDS)('freshness of the sync (%s)', (backend) => {
  let h: Harness;
  let shifts: WfmShift[];
  const change = async (s: WfmShift, notes: string) => {
    const r = await h.wfm.applyAsWfm(WFM_TEAM, [
      { kind: 'shift.update', id: s.id, data: { employeeId: s.employeeId, jobId: s.jobId, start: s.start, end: s.end, label: s.label, notes, theme: s.theme, activities: s.activities } },
    ]);
    expect(r.ok).toBe(true);
  };
  beforeAll(async () => {
    h = await startHarness({ backend, env: { SYNC_FRESHNESS_ALERT_MINUTES: '1' } });
    expect((await h.sync.runNow(BKN, 'initial')).state).toBe('succeeded');
    const now = Date.now();
    const r = await h.wfm.listShifts(WFM_TEAM, { start: new Date(now + 86_400_000).toISOString(), end: new Date(now + 12 * 86_400_000).toISOString() });
    if (!r.ok) throw new Error(r.error.message);
    shifts = r.value;
  }, 120_000);
  afterAll(async () => h?.close());

  it('reports the lag from WFM change to Shifts write per team, in status and on /metrics', async () => {
    await change(shifts[0]!, 'fresh one');
    await change(shifts[1]!, 'fresh two');
    expect((await h.sync.runNow(BKN, 'incremental')).state).toBe('succeeded');
    const [s] = await h.sync.service.teamStatuses([BKN]);
    expect(s!.freshness.samples).toBe(2);
    expect(s!.freshness.p95Seconds).not.toBeNull();
    expect(s!.freshness.p95Seconds!).toBeGreaterThanOrEqual(s!.freshness.p50Seconds!);
    expect(s!.freshness.oldestUnsyncedAt).toBeNull();
    // A call about a team nobody mapped must not become a label (cardinality stays the mapping's).
    await h.sync.graph.request({ method: 'GET', path: '/teams/team-not-mapped/schedule', teamId: 'team-not-mapped' });
    const metrics = await (await fetch(`${h.t.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`sync_freshness_seconds\\{team="${BKN}",quantile="0.95"\\} `));
    expect(metrics).toMatch(new RegExp(`sync_oldest_unsynced_change_seconds\\{team="${BKN}"\\} 0`));
    expect(metrics).toMatch(/graph_requests_observed_total\{tenant="[^"]+",kind="throttled"\} \d+/);
    expect(metrics).toMatch(/graph_breaker_state\{tenant="[^"]+",state="closed"\} 1/);
    // Per mapped team too; no label for a team that is not mapped.
    expect(metrics).toMatch(new RegExp(`graph_team_requests_observed_total\\{team="${BKN}",kind="writes"\\} [1-9]`));
    expect(metrics).toMatch(new RegExp(`graph_team_requests_observed_total\\{team="${BKN}",kind="throttled"\\} \\d+`));
    expect(metrics).toMatch(new RegExp(`graph_team_throttle_wait_seconds_total\\{team="${BKN}"\\} `));
    expect(metrics).toMatch(/graph_throttle_wait_seconds_total\{tenant="[^"]+"\} /);
    expect(h.sync.graph.teamStats().has('team-not-mapped')).toBe(true);
    expect(metrics).not.toContain('team-not-mapped');
  }, 60_000);

  it('names the oldest unsynced change and alerts on the team once it waits past the threshold', async () => {
    await change(shifts[2]!, 'still waiting');
    const [waiting] = await h.sync.service.teamStatuses([BKN]);
    expect(waiting!.freshness.oldestUnsyncedAt).not.toBeNull();
    expect(waiting!.health).toBe('healthy');
    // Two minutes pass without a sync (threshold: one minute).
    await h.t.app.store.query(`UPDATE wfm_changes SET at = at - interval '2 minutes' WHERE seq = (SELECT max(seq) FROM wfm_changes)`);
    const [late] = await h.sync.service.teamStatuses([BKN]);
    expect(late!.health).toBe('degraded');
    expect(late!.healthReason).toMatch(/has waited 2 minutes to reach Shifts/);
    const tab = late!.freshness.oldestUnsyncedAt!;
    expect(Date.now() - Date.parse(tab)).toBeGreaterThan(60_000);
    // No team-level bot alert exists: the crossing is recorded on the team, once, with since when.
    const lateSince = async () => (await h.t.app.store.query<{ late_since: Date | null }>(`SELECT late_since FROM sync_team_state WHERE team_id = $1`, [BKN]))[0]?.late_since ?? null;
    expect(await h.sync.recordLateness()).toEqual([BKN]);
    const since = await lateSince();
    expect(since).not.toBeNull();
    expect(await h.sync.recordLateness()).toEqual([]);
    expect((await lateSince())?.getTime()).toBe(since!.getTime());

    expect((await h.sync.runNow(BKN, 'incremental')).state).toBe('succeeded');
    const [caughtUp] = await h.sync.service.teamStatuses([BKN]);
    expect(caughtUp!.freshness.oldestUnsyncedAt).toBeNull();
    expect(caughtUp!.health).toBe('healthy');
    await h.sync.recordLateness();
    expect(await lateSince()).toBeNull();
    // The late change's lag (over two minutes) is now the slowest sample.
    expect(caughtUp!.freshness.p95Seconds!).toBeGreaterThan(60);
  }, 60_000);
});
