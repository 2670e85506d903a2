/** Something SQL can be sent to: the store itself, or a transaction / locked session. */
export interface Queryable {
  /** Runs one parameterised statement and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs one or more statements without parameters (migrations, pg-boss scripts). */
  exec(sql: string): Promise<void>;
}

/**
 * The project's PostgreSQL store: PGlite embedded, or a PostgreSQL server through `pg`.
 * Every capability speaks plain PostgreSQL SQL to it; nothing is backend-specific above here.
 */
export interface Store extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one session holding a PostgreSQL advisory lock, so that two instances
   * starting together (migrations, singleton work) take turns.
   */
  withAdvisoryLock<T>(key: number, fn: (session: Queryable) => Promise<T>): Promise<T>;
  /**
   * Takes a session-level advisory lock `(classId, key)` and holds it, on a session of its own,
   * until `release` is called or the process dies (the server then frees it). Other instances
   * test whether its holder is alive with `pg_try_advisory_xact_lock(classId, key)`.
   */
  holdAdvisoryLock(classId: number, key: number): Promise<{ release(): Promise<void> }>;
  /** Executes SQL for pg-boss: a parameterised statement, or a multi-statement script. */
  executeSqlForJobs(sql: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** True when a trivial query succeeds (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL server URL; when absent the embedded PGlite store under `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** Folder for PGlite's files; `memory://` keeps everything in memory (tests). */
  dataDir: string;
  /**
   * Schema to work in on a PostgreSQL server (created if missing). Tests use one schema each
   * so they can share one database; deployments leave it unset (public).
   */
  schema?: string;
}

/** A migration owned by one capability; ids are prefixed with the capability name. */
export interface Migration {
  id: string;
  sql: string;
}
