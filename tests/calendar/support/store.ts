import { calendarMigrations } from '../../../connector/calendar/index.ts';
import { migrate, openStore, storeMigrations, type Store } from '../../../connector/store/index.ts';
import { TEST_DATABASE_URL, uniqueSchema } from '../../support/env.ts';

/** A real store (in-memory PGlite, or PostgreSQL in a schema of its own) with the calendar's tables. */
export async function calendarStore(backend: 'pglite' | 'postgres'): Promise<Store> {
  const store =
    backend === 'postgres'
      ? await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: 'memory://', schema: uniqueSchema('cal') })
      : await openStore({ dataDir: 'memory://' });
  await migrate(store, [...storeMigrations, ...calendarMigrations]);
  return store;
}
