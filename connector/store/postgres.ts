import pg from 'pg';
import { runTransaction } from './transaction.ts';
import type { Queryable, Store } from './types.ts';

// Counts and ids stored as bigint come back as numbers, as on PGlite.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Opens a pool to a PostgreSQL server. `schema` (tests) isolates one suite's tables. */
export async function openPostgres(databaseUrl: string, schema?: string): Promise<Store> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid schema name ${schema}`);
  }
  if (schema) {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      // CREATE SCHEMA IF NOT EXISTS races when two instances start together; serialise it.
      await admin.query('SELECT pg_advisory_lock(hashtext($1))', [schema]);
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [schema]);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    application_name: 'shifts-connector',
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);

  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[]) {
      const res = await client.query(sql, params ? [...params] : undefined);
      return res.rows as R[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  const base = wrap(pool);
  let closed = false;

  return {
    kind: 'postgres',
    ...base,
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await runTransaction(wrap(client), fn, (err) => {
          broken = err instanceof Error ? err : new Error(String(err));
        });
      } finally {
        // A connection whose ROLLBACK failed is dropped from the pool rather than reused.
        client.release(broken);
      }
    },
    async withAdvisoryLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn(wrap(client));
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    async holdAdvisoryLock(classId, key) {
      // A client of its own, out of the pool for as long as the lock is held: the lock lives
      // exactly as long as this session does.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1, $2)', [classId, key]);
      } catch (err) {
        client.release(err instanceof Error ? err : undefined);
        throw err;
      }
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await client.query('SELECT pg_advisory_unlock($1, $2)', [classId, key]).catch(() => undefined);
          client.release();
        },
      };
    },
    async executeSqlForJobs(sql, values) {
      const res = await pool.query(sql, values);
      // A multi-statement script answers with one result per statement.
      const last = Array.isArray(res) ? (res as pg.QueryResult[]).at(-1) : res;
      return { rows: last?.rows ?? [] };
    },
    async ping() {
      try {
        await pool.query('SELECT 1');
        return !closed;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
