import { PGlite, types } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mutex } from './mutex.ts';
import { runTransaction } from './transaction.ts';
import type { Queryable, Store } from './types.ts';

/** Thrown when a second process tries to open the same embedded data folder. */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`DATA_DIR ${dataDir} is in use by process ${pid}; the embedded store allows one process. Use DATABASE_URL for several instances.`);
    this.name = 'DataDirInUseError';
  }
}

const parsers = { [types.INT8]: (v: string) => Number(v) };

/**
 * Opens the embedded PostgreSQL (PGlite). PGlite is single-process, so a pid lock file
 * guards the folder: a second process gets a clear error instead of corrupting it.
 */
export async function openPglite(dataDir: string): Promise<Store> {
  const inMemory = dataDir.startsWith('memory://');
  let lockFile: string | undefined;
  let db: PGlite;
  if (inMemory) {
    db = await PGlite.create({ parsers });
  } else {
    const dir = join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    lockFile = join(dataDir, 'pglite.pid');
    takeLock(lockFile, dataDir);
    try {
      db = await PGlite.create({ dataDir: dir, parsers });
    } catch (err) {
      rmSync(lockFile, { force: true });
      throw err;
    }
  }

  // One statement or transaction at a time on PGlite's single session: a statement from outside
  // must never land inside another caller's open transaction. Everything goes through `lock`.
  const lock = new Mutex();
  const session: Queryable = {
    async query<R>(sql: string, params?: readonly unknown[]) {
      return (await db.query<R>(sql, params ? [...params] : undefined)).rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
  const base: Queryable = {
    query: (sql, params) => lock.run(() => session.query(sql, params)),
    exec: (sql) => lock.run(() => session.exec(sql)),
  };
  // PGlite has one session, so PostgreSQL's session-level advisory locks are re-entrant here
  // and would not make two callers of this process take turns; a mutex per key does, keeping
  // the same semantics as on a server.
  const advisory = new Map<number, Mutex>();
  let closed = false;

  return {
    kind: 'pglite',
    ...base,
    async transaction(fn) {
      return lock.run(() => runTransaction(session, fn));
    },
    async withAdvisoryLock(key, fn) {
      let mutex = advisory.get(key);
      if (!mutex) advisory.set(key, (mutex = new Mutex()));
      return mutex.run(async () => {
        await base.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn(base);
        } finally {
          await base.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      });
    },
    async holdAdvisoryLock(classId, key) {
      // The one session lives as long as the process: the lock is freed when it dies.
      await base.query('SELECT pg_advisory_lock($1, $2)', [classId, key]);
      let released = false;
      return {
        async release() {
          if (released || closed) return;
          released = true;
          await base.query('SELECT pg_advisory_unlock($1, $2)', [classId, key]);
        },
      };
    },
    async executeSqlForJobs(sql, values) {
      // pg-boss sends multi-statement scripts without parameters; the extended protocol
      // accepts one statement only, so those go through the simple protocol.
      if (!values || values.length === 0) {
        const results = await lock.run(() => db.exec(sql));
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return { rows: await base.query(sql, values) };
    },
    async ping() {
      try {
        await base.query('SELECT 1');
        return !closed;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Let the statement or transaction in progress finish first.
      await lock.run(async () => undefined);
      await db.close();
      if (lockFile) rmSync(lockFile, { force: true });
    },
  };
}

function takeLock(lockFile: string, dataDir: string): void {
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new DataDirInUseError(dataDir, pid);
    }
    // A stale lock from a process that died (kill -9): PGlite recovers from its WAL.
  }
  writeFileSync(lockFile, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
