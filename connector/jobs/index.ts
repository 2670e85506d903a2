import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Store } from '../store/index.ts';

/** Durable jobs on the project's store (pg-boss 10 on PGlite or PostgreSQL). */
export interface Jobs {
  /** The pg-boss instance; capabilities create their queues on it and send to them. */
  readonly boss: PgBoss;
  /**
   * Registers a handler on a queue (pg-boss `work`); returns the worker id. Register through
   * this, not `boss.work`: `stop` needs to know which handlers are still running.
   */
  work<T>(queue: string, options: PgBoss.WorkOptions, handler: PgBoss.WorkHandler<T>): Promise<string>;
  start(): Promise<void>;
  /**
   * Stops fetching, lets active handlers finish (up to `timeoutMs`), fails what is left (pg-boss
   * retries it per its queue's policy), and returns once no statement of the job engine is
   * still running, so the store can close behind it.
   */
  stop(timeoutMs?: number): Promise<void>;
  /** Jobs waiting (created or retry) per queue, for /metrics. */
  queueDepth(): Promise<Record<string, number>>;
  ping(): Promise<boolean>;
}

export interface JobsOptions {
  /** Schema of pg-boss's tables (default `pgboss`); tests use one per suite. */
  schema?: string;
  /** How often idle workers poll (seconds); pg-boss's minimum is 0.5. */
  pollingIntervalSeconds?: number;
}

/**
 * How long `stop` waits, after the handlers, for the engine's last statements (completions,
 * failures, a fetch under way). They take milliseconds; the bound keeps shutdown within the
 * process's 10 s even when the store hangs.
 */
const SETTLE_MS = 2_000;

/** Advisory-lock key for pg-boss's own install ("shifjobs"). */
const JOBS_INSTALL_LOCK_KEY = 0x5348_4a42;

export function createJobs(store: Store, log: Logger, options: JobsOptions = {}): Jobs {
  const schema = options.schema ?? 'pgboss';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid job schema ${schema}`);
  // pg-boss does not await everything it starts: a handler's completion (or failure) is written
  // after the handler returns, unawaited, and `boss.stop` can resolve before that write runs.
  // Had the store closed by then, the write failed as an unhandled rejection, and a job whose
  // handler had finished could stay active until it expired. So every statement is tracked,
  // and `stop` returns only when none is left running.
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  const executeSql = (text: string, values?: unknown[]) => {
    if (stopped) return Promise.reject(new JobsStoppedError());
    const statement = store.executeSqlForJobs(text, values);
    running.add(statement);
    const forget = () => void running.delete(statement);
    statement.then(forget, forget);
    return statement;
  };
  // Handlers still running, each with the means to let pg-boss consider it failed.
  const active = new Set<ActiveHandler>();
  let stopping = false;

  const boss = new PgBoss({
    db: { executeSql },
    schema,
    // Our own migration lock already serialises instances; pg-boss still guards its own install.
    migrate: true,
    supervise: true,
    schedule: true,
  });
  boss.on('error', (err: Error) => log.error({ err }, 'job engine error'));
  let started = false;

  return {
    boss,
    work<T>(queue: string, options: PgBoss.WorkOptions, handler: PgBoss.WorkHandler<T>) {
      return boss.work<T>(queue, options, (jobs) => {
        // A fetch that was under way when stop began can still hand over jobs: do not start
        // them now (failing them lets pg-boss retry them if the queue allows).
        if (stopping) return Promise.reject(new JobInterruptedError(queue));
        return new Promise((resolve, reject) => {
          const entry: ActiveHandler = { queue, since: Date.now(), interrupted: false, interrupt: reject };
          active.add(entry);
          handler(jobs).then(
            (value) => {
              active.delete(entry);
              if (entry.interrupted) log.info({ queue }, 'job handler finished after shutdown had failed its job');
              resolve(value);
            },
            (err: unknown) => {
              active.delete(entry);
              if (entry.interrupted) log.warn({ err, queue }, 'job handler failed after shutdown had failed its job');
              reject(err as Error);
            },
          );
        });
      });
    },
    async start() {
      // pg-boss installs its schema on first start; two instances doing that at the same moment
      // collide on CREATE SCHEMA, so installs take turns behind one advisory lock.
      await store.withAdvisoryLock(JOBS_INSTALL_LOCK_KEY, () => boss.start());
      started = true;
      stopping = false;
      stopped = false;
    },
    async stop(timeoutMs = 5000) {
      if (!started) return;
      started = false;
      stopping = true;
      await boss.stop({ graceful: true, timeout: timeoutMs, wait: true, close: false });
      // pg-boss has failed the jobs of handlers that outlived the wait; have it see those
      // handlers as failed too now, so it writes that while the store is open rather than
      // completing them later against a closed store. The handlers themselves run on.
      for (const entry of active) {
        entry.interrupted = true;
        log.warn({ queue: entry.queue, runningMs: Date.now() - entry.since }, 'job handler still running at shutdown; its job is failed (retried if its queue allows)');
        entry.interrupt(new JobInterruptedError(entry.queue));
      }
      active.clear();
      await settle(running, SETTLE_MS);
      stopped = true;
    },
    async queueDepth() {
      const rows = await store.query<{ name: string; depth: number }>(
        `SELECT name, count(*)::int AS depth FROM ${schema}.job WHERE state IN ('created', 'retry') GROUP BY name`,
      );
      return Object.fromEntries(rows.map((r) => [r.name, r.depth]));
    },
    async ping() {
      if (!started) return false;
      try {
        await store.query(`SELECT 1 FROM ${schema}.version LIMIT 1`);
        return true;
      } catch {
        return false;
      }
    },
  };
}

interface ActiveHandler {
  queue: string;
  since: number;
  /** Set when shutdown stopped waiting for it (its job is failed; retried if its queue allows). */
  interrupted: boolean;
  interrupt: (err: Error) => void;
}

/** A job handler cut short by shutdown; pg-boss retries its job if its queue allows. */
export class JobInterruptedError extends Error {
  constructor(readonly queue: string) {
    super(`The ${queue} job was interrupted by shutdown.`);
    this.name = 'JobInterruptedError';
  }
}

/** A statement the job engine issued after it stopped (nothing should). */
export class JobsStoppedError extends Error {
  constructor() {
    super('The job engine has stopped.');
    this.name = 'JobsStoppedError';
  }
}

/**
 * Waits until no statement is running, up to `timeoutMs`. Statements pg-boss issues in
 * reaction to others settling (a completion after a handler's last query) start on a later
 * turn, hence the turn before each look.
 */
async function settle(running: Set<Promise<unknown>>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    if (running.size === 0 || Date.now() >= deadline) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...running]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, deadline - Date.now());
      }),
    ]);
    clearTimeout(timer);
  }
}
