import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Store, StoreOptions } from './types.ts';

export type { Migration, Queryable, Store, StoreOptions } from './types.ts';
export { migrate } from './migrate.ts';
export { storeMigrations } from './migrations.ts';
export { DataDirInUseError } from './pglite.ts';
export { getSetting, putSetting } from './settings.ts';
export { TransactionAbortedError } from './transaction.ts';

/** Opens PostgreSQL when `databaseUrl` is set, else the embedded PGlite store in `dataDir`. */
export async function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.schema) : openPglite(options.dataDir);
}
