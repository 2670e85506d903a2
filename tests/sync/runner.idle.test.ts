import { describe, expect, it } from 'vitest';
import { createLogger } from '../../connector/observability/log.ts';
import { createTeamRunner } from '../../connector/sync/runner.ts';
import type { ClaimedRun } from '../../connector/sync/state.ts';

const log = createLogger({ level: 'silent' });
const claimed = (teamId: string): ClaimedRun => ({ teamId, runId: `run-${teamId}`, kind: 'initial', full: true, takeover: false });

describe('the team runner says when it is idle (what the local-mode banner waits for)', () => {
  it('resolves idle() only after every queued run has ended and nothing more is due', async () => {
    const queue = [claimed('a'), claimed('b'), claimed('c')];
    const finished: string[] = [];
    const release: Array<() => void> = [];
    const runner = createTeamRunner({
      concurrency: 2,
      pollMs: 60_000,
      log,
      claim: async () => queue.shift(),
      run: (c) =>
        new Promise<void>((resolve) => {
          release.push(() => {
            finished.push(c.teamId);
            resolve();
          });
        }),
    });
    runner.start();
    runner.wake();
    let idle = false;
    const waiting = runner.idle().then(() => (idle = true));
    // Let the runner claim; release runs one by one, checking idle() holds while work remains.
    for (let i = 0; i < 3; i++) {
      while (release.length === 0) await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      expect(idle).toBe(false);
      release.shift()!();
    }
    await waiting;
    expect(finished.sort()).toEqual(['a', 'b', 'c']);
    await runner.stop(1000);
  });

  it('is idle at once when nothing was due, and when stopped', async () => {
    const runner = createTeamRunner({ concurrency: 1, pollMs: 60_000, log, claim: async () => undefined, run: async () => undefined });
    await runner.idle();
    runner.start();
    runner.wake();
    await runner.idle();
    await runner.stop(1000);
    await runner.idle();
  });
});
