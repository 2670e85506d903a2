/**
 * Runs teams as their runs come due, up to `concurrency` at once per instance. Which team
 * runs next is decided by the store (`claimNextTeam`): requests, lapsed leases and due
 * failure retries, oldest first, never a team whose lease is live. Claiming is one statement,
 * so instances on one PostgreSQL share the work without a coordinator, and a slot that frees
 * up picks the next team at once: one team's long run never holds another team's change.
 */
import type { Logger } from '../observability/log.ts';
import type { ClaimedRun } from './state.ts';

export interface TeamRunnerOptions {
  concurrency: number;
  /** How often idle slots look for due work that another instance asked for (ms). */
  pollMs: number;
  claim(): Promise<ClaimedRun | undefined>;
  run(claimed: ClaimedRun): Promise<unknown>;
  log: Logger;
}

export interface TeamRunner {
  start(): void;
  /** Looks for due work now (a run was asked for on this instance). */
  wake(): void;
  /** Stops claiming; resolves when the runs under way have ended (or after `timeoutMs`). */
  stop(timeoutMs: number): Promise<void>;
  /**
   * Resolves once no run is under way here and the last look found nothing due (at once when
   * that is already so), or when the runner stops.
   */
  idle(): Promise<void>;
}

export function createTeamRunner(opts: TeamRunnerOptions): TeamRunner {
  const running = new Set<Promise<unknown>>();
  let stopped = true;
  let pumping = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let lastClaimError = 0;
  let idleWaiters: Array<() => void> = [];
  const isIdle = () => stopped || (!pumping && running.size === 0);
  function notifyIdle(): void {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        while (!stopped && running.size < opts.concurrency) {
          const claimed = await opts.claim();
          if (!claimed) break;
          if (stopped) break; // its lease lapses and another instance takes it
          const p: Promise<unknown> = opts
            .run(claimed)
            .catch((err: unknown) => opts.log.error({ err, teamId: claimed.teamId }, 'sync run could not be carried out'))
            .finally(() => {
              running.delete(p);
              void pump();
            });
          running.add(p);
        }
      } while (again && !stopped);
    } catch (err) {
      // The store is unreachable: say so once a minute, keep polling.
      if (Date.now() - lastClaimError > 60_000) opts.log.error({ err }, 'could not look for due sync runs');
      lastClaimError = Date.now();
    } finally {
      pumping = false;
      notifyIdle();
    }
  }

  return {
    start() {
      if (opts.concurrency <= 0 || !stopped) return;
      stopped = false;
      timer = setInterval(() => void pump(), opts.pollMs);
      // First look after one poll: the server listens right after start (Shifts' callbacks
      // for our writes need it), and local runs wake the runner themselves.
      timer.unref();
    },
    wake() {
      if (!stopped) void pump();
    },
    async stop(timeoutMs) {
      stopped = true;
      clearInterval(timer);
      notifyIdle();
      await Promise.race([Promise.allSettled([...running]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    },
    idle() {
      if (isIdle()) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
