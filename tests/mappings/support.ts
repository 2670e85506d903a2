import { migrate, openStore, storeMigrations, type Store } from '../../connector/store/index.ts';
import { mappingMigrations } from '../../connector/mappings/index.ts';
import { embeddedWfmMigrations } from '../../connector/wfm/embedded/index.ts';
import { TEST_DATABASE_URL, uniqueSchema } from '../support/env.ts';

/** A migrated store (PGlite in memory, or a fresh schema on TEST_DATABASE_URL). */
export async function openMappingStore(backend: 'pglite' | 'postgres'): Promise<Store> {
  const store =
    backend === 'postgres'
      ? await openStore({ databaseUrl: TEST_DATABASE_URL!, dataDir: 'memory://', schema: uniqueSchema('map') })
      : await openStore({ dataDir: 'memory://' });
  await migrate(store, [...storeMigrations, ...mappingMigrations, ...embeddedWfmMigrations]);
  return store;
}

export async function clearMappings(store: Store): Promise<void> {
  await store.exec('TRUNCATE map_teams, map_users, map_entities');
}
