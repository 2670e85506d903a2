import { PGlite, types } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mutex } from './mutex.ts';
import { PgliteWire } from './pglite-wire.ts';
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

  const wire = new PgliteWire(db);
  // One statement or transaction at a time, as PGlite itself runs them; everything goes
  // through `wire`, never through `db.query`, so this is the only lock.
  const lock = new Mutex();
  const session: Queryable = {
    async query<R>(sql: string, params?: readonly unknown[]) {
      return wire.query<R>(sql, params);
    },
    async exec(sql: string) {
      wire.exec(sql);
    },
  };
  const base: Queryable = {
    query: (sql, params) => lock.run(() => session.query(sql, params)),
    exec: (sql) => lock.run(() => session.exec(sql)),
  };
  let closed = false;

  return {
    kind: 'pglite',
    ...base,
    async transaction(fn) {
      return lock.run(async () => {
        wire.begin();
        let open = true;
        const guard = <T>(run: () => Promise<T>) => (open ? run() : Promise.reject(new Error('The transaction is already closed.')));
        const tx: Queryable = { query: (sql, params) => guard(() => session.query(sql, params)), exec: (sql) => guard(() => session.exec(sql)) };
        let result;
        try {
          result = await fn(tx);
        } catch (err) {
          open = false;
          wire.rollback();
          throw err;
        }
        open = false;
        wire.commit();
        return result;
      });
    },
    async withAdvisoryLock(key, fn) {
      // One process owns PGlite, and its connection is shared: the lock documents intent and
      // keeps SQL identical to the server path.
      await base.query('SELECT pg_advisory_lock($1)', [key]);
      try {
        return await fn(base);
      } finally {
        await base.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    },
    async executeSqlForJobs(sql, values) {
      // pg-boss sends multi-statement scripts without parameters; the extended protocol
      // accepts one statement only, so those go through the simple protocol.
      if (!values || values.length === 0) {
        const results = await lock.run(async () => wire.exec(sql));
        return { rows: results.at(-1) ?? [] };
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
