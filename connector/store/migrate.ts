import type { Migration, Store } from './types.ts';

/** Advisory-lock key shared by every instance that migrates this database ("shiftmig"). */
const MIGRATION_LOCK_KEY = 0x5348_4d47;

/**
 * Applies, in order, the migrations not yet recorded in `schema_migrations`, each in its own
 * transaction. Safe to re-run, and safe when several instances start at once: they queue on
 * one advisory lock, and whoever comes second finds the work done.
 */
export async function migrate(store: Store, migrations: readonly Migration[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    ids.add(m.id);
  }
  return store.withAdvisoryLock(MIGRATION_LOCK_KEY, async (session) => {
    await session.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         id text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = new Set(
      (await session.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await session.exec('BEGIN');
      try {
        await session.exec(m.sql);
        await session.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
        await session.exec('COMMIT');
      } catch (err) {
        await session.exec('ROLLBACK');
        throw new Error(`migration ${m.id} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.id);
    }
    return applied;
  });
}
