import { PGlite, types } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

  const asQueryable = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[]) {
      const res = await q.query<R>(sql, params ? [...params] : undefined);
      return res.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = asQueryable(db);
  let closed = false;

  return {
    kind: 'pglite',
    ...base,
    async transaction(fn) {
      return db.transaction(async (tx) => fn(asQueryable(tx)));
    },
    async withAdvisoryLock(key, fn) {
      // One process owns PGlite, and its connection is shared: the lock documents intent and
      // keeps SQL identical to the server path.
      await db.query('SELECT pg_advisory_lock($1)', [key]);
      try {
        return await fn(base);
      } finally {
        await db.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    },
    async executeSqlForJobs(sql, values) {
      // pg-boss sends multi-statement scripts without parameters; PGlite's extended-protocol
      // `query` accepts one statement only, so those go through `exec`.
      if (!values || values.length === 0) {
        const results = await db.exec(sql);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      const res = await db.query(sql, values);
      return { rows: res.rows };
    },
    async ping() {
      try {
        await db.query('SELECT 1');
        return !closed;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
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
