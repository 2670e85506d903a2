import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Store } from '../store/index.ts';

/** Durable jobs on the project's store (pg-boss 10 on PGlite or PostgreSQL). */
export interface Jobs {
  /** The pg-boss instance; capabilities create their queues and workers on it. */
  readonly boss: PgBoss;
  start(): Promise<void>;
  /** Stops fetching, lets active handlers finish (up to `timeoutMs`), then fails what is left. */
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

/** Advisory-lock key for pg-boss's own install ("shifjobs"). */
const JOBS_INSTALL_LOCK_KEY = 0x5348_4a42;

export function createJobs(store: Store, log: Logger, options: JobsOptions = {}): Jobs {
  const schema = options.schema ?? 'pgboss';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid job schema ${schema}`);
  const boss = new PgBoss({
    db: { executeSql: (text, values) => store.executeSqlForJobs(text, values) },
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
    async start() {
      // pg-boss installs its schema on first start; two instances doing that at the same moment
      // collide on CREATE SCHEMA, so installs take turns behind one advisory lock.
      await store.withAdvisoryLock(JOBS_INSTALL_LOCK_KEY, () => boss.start());
      started = true;
    },
    async stop(timeoutMs = 5000) {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, timeout: timeoutMs, wait: true, close: false });
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
