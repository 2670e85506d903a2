/**
 * Regression: after `kill -9` of the instance running a team's sync, the team stopped syncing
 * for hours (the dead run's job stayed active and no new run could start), and `status`
 * called it healthy or "waiting". Run ownership is now a heartbeat lease in the store: the
 * team's next run, on any instance, starts once the lease lapses and resumes the work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../connector/cli/main.ts';
import type { CliIo } from '../../connector/cli/io.ts';
import { listEntityMappings } from '../../connector/mappings/index.ts';
import { syncWindow } from '../../connector/sync/load.ts';
import { DEMO_EMPLOYEES, DEMO_TEAMS } from '../../connector/wfm/embedded/demo.ts';
import type { Emulator } from '../../emulator/index.ts';
import { TEST_DATABASE_URL, uniqueSchema } from '../support/env.ts';
import { BKN, CMD, connectorEnv, shiftsOf, startEmulator, startHarness, type Harness } from './support/harness.ts';

const WORKER = new URL('./support/server-worker.ts', import.meta.url).pathname;
const LEASE_SECONDS = '3';

interface Instance {
  child: ChildProcess;
  instanceId: string;
  exited: Promise<unknown>;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Shifts equals the WFM item by item for the team's window: same people and times, once each. */
async function expectShiftsEqualWfm(h: Harness, emu: Emulator, teamId: string): Promise<void> {
  const team = DEMO_TEAMS.find((t) => t.teamsTeamId === teamId)!;
  const userOf = new Map(DEMO_EMPLOYEES.map((e) => [e.wfmEmployeeId, e.userId]));
  const w = syncWindow(Date.now(), team.timeZone, 14);
  const wfm = await h.wfm.listShifts(team.wfmTeamId, w);
  if (!wfm.ok) throw new Error(wfm.error.message);
  const want = wfm.value.map((s) => `${userOf.get(s.employeeId ?? '') ?? '?'}|${Date.parse(s.start)}|${Date.parse(s.end)}`).sort();
  const shifts = shiftsOf(emu, teamId);
  const got = shifts
    .map((s) => s.sharedShift as { startDateTime: string; endDateTime: string })
    .map((x, i) => `${String(shifts[i]!.userId)}|${Date.parse(x.startDateTime)}|${Date.parse(x.endDateTime)}`)
    .sort();
  expect(got).toEqual(want);
  // Each WFM shift is mapped to exactly the one Shifts item that holds it.
  const mapped = await listEntityMappings(h.t.app.store, teamId, 'shift');
  expect(new Set(mapped.map((m) => m.shiftsId))).toEqual(new Set(shifts.map((s) => String(s.id))));
  expect(mapped.length).toBe(want.length);
}

describe.runIf(TEST_DATABASE_URL)('a server killed with SIGKILL in the middle of an initial sync', () => {
  let emu: Emulator;
  let h: Harness;
  let schema: string;
  let env: Record<string, string>;
  const instances: Instance[] = [];

  /** A fresh emulator and database schema; this instance serves the webhook and runs no syncs. */
  async function setUp(): Promise<void> {
    schema = uniqueSchema('takeover');
    // Slow enough that the kill lands mid-run.
    emu = await startEmulator({ faults: { latencyMs: 40 } });
    h = await startHarness({ backend: 'postgres', sharedEmulator: emu, storeSchema: schema, jobsSchema: `${schema}_jobs`, env: { SYNC_LEASE_SECONDS: LEASE_SECONDS, SYNC_CONCURRENCY: '0' } });
    env = connectorEnv(emu, { DATABASE_URL: TEST_DATABASE_URL!, PUBLIC_URL: h.t.url, SYNC_LEASE_SECONDS: LEASE_SECONDS, LOG_LEVEL: 'silent', CRASH_STORE_SCHEMA: schema });
  }

  async function startInstance(): Promise<Instance> {
    // `node --import tsx` (not the tsx binary, which forks): the pid killed is the server itself.
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const instanceId = await waitFor('the server to listen', () => /instance (\S+)/.exec(output)?.[1], 60_000);
    const instance = { child, instanceId, exited };
    instances.push(instance);
    return instance;
  }
  async function kill(instance: Instance): Promise<void> {
    instance.child.kill('SIGKILL');
    await instance.exited;
  }
  const status = async () => {
    const lines: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), progress: () => undefined };
    const code = await main(['status'], { env, io, build: { storeSchema: schema, jobsSchema: `${schema}_jobs` } });
    return { code, out: lines.join('\n') };
  };
  const leaseOf = async (teamId: string) =>
    (await h.t.app.store.query<{ lease_owner: string | null }>(`SELECT lease_owner FROM sync_team_state WHERE team_id = $1`, [teamId]))[0]?.lease_owner ?? null;
  const succeededSince = async (teamId: string, since: Date) =>
    (await h.t.app.store.query<{ id: string }>(`SELECT id FROM sync_runs WHERE team_id = $1 AND state = 'succeeded' AND started_at > $2`, [teamId, since]))[0];

  afterEach(async () => {
    for (const i of instances.splice(0)) await kill(i);
    await h?.close();
    await emu?.close();
  });

  it('one instance: status shows the stall, and the restarted server resumes both teams with nothing duplicated', async () => {
    await setUp();
    const first = await startInstance();
    await h.sync.scheduleDue(); // the initial sync of both teams is asked for
    // Killed once its run record says it wrote shifts: counts are written as the run goes.
    const runningCreated = async () =>
      (await h.sync.service.recentRuns(BKN, 1)).find((r) => r.state === 'running' && (r.counts.shift?.created ?? 0) > 0);
    await waitFor('the run to record written shifts', runningCreated);
    await kill(first);
    const killedAt = new Date();
    const stalled = shiftsOf(emu, BKN).length;

    // Nobody holds the team now: once the lease lapses, status says so and exits non-zero.
    const stall = await waitFor('status to show the stall', async () => {
      const s = await status();
      return /stopped without finishing/.test(s.out) ? s : undefined;
    });
    expect(stall.code).not.toBe(0);
    const [bkn] = await h.sync.service.teamStatuses([BKN]);
    expect(bkn!.health).toBe('failing');
    // The killed run's record tells what it wrote before it died.
    const killed = (await h.sync.service.recentRuns(BKN, 1)).find((r) => r.state === 'running');
    expect(killed?.counts.shift?.created ?? 0).toBeGreaterThan(0);
    expect(killed!.counts.shift!.created).toBeLessThanOrEqual(stalled);

    // The restarted server takes both teams over by itself: nothing asks for a run again.
    await startInstance();
    await waitFor('both teams to finish', async () => ((await succeededSince(BKN, killedAt)) && (await succeededSince(CMD, killedAt)) ? true : undefined));
    for (const team of [BKN, CMD]) await expectShiftsEqualWfm(h, emu, team);
    const runs = await h.sync.service.recentRuns(BKN, 1);
    expect(runs.some((r) => r.state === 'failed' && /interrupted/.test(r.error ?? ''))).toBe(true);
    const after = await status();
    expect(after.out).not.toMatch(/stopped without finishing/);
  }, 300_000);

  it('two instances: the survivor takes over the team the killed one was syncing', async () => {
    await setUp();
    const a = await startInstance();
    const b = await startInstance();
    await h.sync.scheduleDue();
    await waitFor('shifts to reach Shifts', () => (shiftsOf(emu, BKN).length >= 6 ? true : undefined));
    const owner = await waitFor('the team to be leased', () => leaseOf(BKN).then((o) => o ?? undefined));
    const holder = owner.startsWith(a.instanceId) ? a : b;
    const survivor = holder === a ? b : a;
    await kill(holder);
    const killedAt = new Date();

    await waitFor('the survivor to finish the team', async () => ((await succeededSince(BKN, killedAt)) && (await succeededSince(CMD, new Date(0))) ? true : undefined));
    const resumed = (await h.t.app.store.query<{ id: string }>(`SELECT id FROM sync_runs WHERE team_id = $1 AND state = 'succeeded' AND started_at > $2`, [BKN, killedAt]))[0]!;
    expect(resumed).toBeDefined();
    expect(survivor.child.exitCode).toBeNull();
    for (const team of [BKN, CMD]) await expectShiftsEqualWfm(h, emu, team);
  }, 300_000);
});
