import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEntityMappings } from '../../connector/mappings/index.ts';
import { TEST_DATABASE_URL, uniqueSchema } from '../support/env.ts';
import { BKN, connectorEnv, shiftsOf, startEmulator, startHarness, type Harness } from './support/harness.ts';
import type { Emulator } from '../../emulator/index.ts';

const WORKER = new URL('./support/crash-worker.ts', import.meta.url).pathname;

describe.runIf(TEST_DATABASE_URL)('a process killed in the middle of a sync', () => {
  let emu: Emulator;
  let h: Harness;
  const schema = uniqueSchema('crash');
  beforeAll(async () => {
    // Slow enough that the kill lands mid-run.
    emu = await startEmulator({ faults: { latencyMs: 40 } });
    h = await startHarness({ backend: 'postgres', sharedEmulator: emu, storeSchema: schema, jobsSchema: `${schema}_jobs`, env: { SYNC_LEASE_SECONDS: '2', SYNC_CONCURRENCY: '0' } });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await emu?.close();
  });

  it('resumes on the next run with nothing duplicated and nothing lost', async () => {
    // `node --import tsx` (not the tsx binary, which forks): the pid killed is the connector itself.
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      env: { ...process.env, ...connectorEnv(emu, { DATABASE_URL: TEST_DATABASE_URL!, SYNC_LEASE_SECONDS: '2', LOG_LEVEL: 'silent' }), CRASH_STORE_SCHEMA: schema, CRASH_TEAM_ID: BKN },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Kill it once some shifts are in Shifts but before the run could finish.
    const deadline = Date.now() + 90_000;
    while (shiftsOf(emu, BKN).length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    expect(output).not.toContain('finished');
    // Requests already in flight still complete in Shifts after the process is gone.
    await new Promise((r) => setTimeout(r, 1500));
    const partial = shiftsOf(emu, BKN).length;
    expect(partial).toBeGreaterThan(0);

    await new Promise((r) => setTimeout(r, 1000)); // the dead process's lease runs out
    const run = await h.sync.runNow(BKN, 'initial');
    expect(run.error).toBeNull();
    expect(run.state).toBe('succeeded');

    const shifts = shiftsOf(emu, BKN);
    const keys = shifts.map((s) => `${String(s.userId)}|${String((s.sharedShift as { startDateTime: string }).startDateTime)}`);
    expect(new Set(keys).size).toBe(keys.length);
    const mapped = await listEntityMappings(h.t.app.store, BKN, 'shift');
    expect(new Set(mapped.map((m) => m.shiftsId))).toEqual(new Set(shifts.map((s) => String(s.id))));
    // Everything the killed run wrote was adopted or kept, not written again.
    expect((run.counts.shift?.created ?? 0) + (run.counts.shift?.unchanged ?? 0)).toBe(shifts.length);
    expect(run.counts.shift?.created ?? 0).toBe(shifts.length - partial);
    const interrupted = await h.sync.service.recentRuns(BKN, 1);
    expect(interrupted.some((r) => r.state === 'failed' && /interrupted/.test(r.error ?? ''))).toBe(true);
  }, 180_000);
});
