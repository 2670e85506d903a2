import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, uniqueSchema } from '../support/env.ts';
import { BKN, CMD, shiftsOf, startEmulator, startHarness, type Harness } from './support/harness.ts';
import type { Emulator } from '../../emulator/index.ts';

async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.runIf(TEST_DATABASE_URL)('two instances on one PostgreSQL', () => {
  let emu: Emulator;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    emu = await startEmulator();
    const schema = uniqueSchema('sync');
    const shared = { backend: 'postgres' as const, sharedEmulator: emu, storeSchema: schema, jobsSchema: `${schema}_jobs` };
    a = await startHarness(shared);
    b = await startHarness({ ...shared, seed: false });
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await emu?.close();
  });

  it('runs a team once when both instances ask for it at the same moment', async () => {
    const [ra, rb] = await Promise.all([a.sync.service.syncNow(BKN), b.sync.service.syncNow(BKN)]);
    expect(ra.ok && rb.ok).toBe(true);
    if (!ra.ok || !rb.ok) return;
    expect(ra.value.runId).toBe(rb.value.runId);
    const run = await waitFor(async () => {
      const r = await a.sync.service.getRun(ra.value.runId);
      return r && r.finishedAt ? r : undefined;
    }, 90_000);
    expect(run.state).toBe('succeeded');
    const runs = await a.sync.service.recentRuns(BKN, 1);
    expect(runs.filter((r) => r.state === 'succeeded')).toHaveLength(1);
    const shifts = shiftsOf(emu, BKN);
    expect(run.counts.shift?.created).toBe(shifts.length);
  }, 120_000);

  it('never runs one team twice at once, even when asked directly on both instances', async () => {
    const [ra, rb] = await Promise.all([a.sync.runNow(CMD, 'initial'), b.sync.runNow(CMD, 'initial')]);
    const states = [ra, rb].map((r) => r.state).sort();
    expect(states).toEqual(['failed', 'succeeded']);
    expect([ra, rb].find((r) => r.state === 'failed')!.error).toBe('another run of this team is in progress');
    const keys = shiftsOf(emu, CMD).map((s) => `${String(s.userId)}|${String((s.sharedShift as { startDateTime: string }).startDateTime)}`);
    expect(new Set(keys).size).toBe(keys.length);
  }, 120_000);

  it('schedules each team once per interval across instances', async () => {
    // First pass gives each initialised team its slot; then the slot comes for both teams.
    await a.sync.scheduleDue();
    await a.t.app.store.query(`UPDATE sync_team_state SET next_sync_at = now() - interval '1 second'`);
    const [{ t0 }] = (await a.t.app.store.query<{ t0: Date }>(`SELECT now() AS t0`)) as [{ t0: Date }];
    await Promise.all([a.sync.scheduleDue(), b.sync.scheduleDue()]);
    // Workers may already have started them: count runs of any state created since.
    const runs = await a.t.app.store.query<{ team_id: string; n: number }>(
      `SELECT team_id, count(*)::int AS n FROM sync_runs WHERE started_at >= $1 GROUP BY team_id`,
      [t0],
    );
    for (const r of runs) expect(r.n).toBe(1);
    expect(runs.map((r) => r.team_id).sort()).toEqual([BKN, CMD].sort());
  }, 60_000);
});
