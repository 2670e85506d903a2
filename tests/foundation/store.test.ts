import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allMigrations, buildApp } from '../../connector/app.ts';
import {
  DataDirInUseError,
  getSetting,
  migrate,
  openStore,
  putSetting,
  type Migration,
  type Store,
} from '../../connector/store/index.ts';
import { STORE_BACKENDS, TEST_DATABASE_URL, testConfig, uniqueSchema } from '../support/env.ts';

const open: Store[] = [];
async function storeFor(backend: 'pglite' | 'postgres', schema = uniqueSchema()): Promise<Store> {
  const store =
    backend === 'postgres'
      ? await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: 'memory://', schema })
      : await openStore({ dataDir: 'memory://' });
  open.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const sample: Migration[] = [
  { id: 'test/001_items', sql: 'CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL UNIQUE);' },
  { id: 'test/002_seed', sql: "INSERT INTO items (name) VALUES ('first');" },
];

describe.each(STORE_BACKENDS)('store on %s', (backend) => {
  it('applies migrations once, in order, and re-running them changes nothing', async () => {
    const store = await storeFor(backend);
    expect(await migrate(store, sample)).toEqual(['test/001_items', 'test/002_seed']);
    expect(await migrate(store, sample)).toEqual([]);
    expect(await store.query('SELECT name FROM items')).toEqual([{ name: 'first' }]);
  });

  it('rolls back a failing migration whole and names it', async () => {
    const store = await storeFor(backend);
    const broken: Migration[] = [
      ...sample,
      { id: 'test/003_broken', sql: "INSERT INTO items (name) VALUES ('second'); SELECT * FROM missing_table;" },
    ];
    await expect(migrate(store, broken)).rejects.toThrow(/migration test\/003_broken failed/);
    expect((await store.query('SELECT name FROM items ORDER BY id')).map((r) => r.name)).toEqual(['first']);
    const ids = await store.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(ids.map((r) => r.id)).toEqual(['test/001_items', 'test/002_seed']);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const store = await storeFor(backend);
    await migrate(store, sample);
    await store.transaction(async (tx) => {
      await tx.query('INSERT INTO items (name) VALUES ($1)', ['kept']);
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.query('INSERT INTO items (name) VALUES ($1)', ['dropped']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const names = (await store.query<{ name: string }>('SELECT name FROM items ORDER BY id')).map((r) => r.name);
    expect(names).toEqual(['first', 'kept']);
  });

  it('returns bigint counts as numbers and timestamps as dates', async () => {
    const store = await storeFor(backend);
    const [row] = await store.query<{ n: number; at: Date }>("SELECT count(*) AS n, '2026-03-08T07:00:00Z'::timestamptz AS at");
    expect(row).toEqual({ n: 1, at: new Date('2026-03-08T07:00:00Z') });
  });

  it('stores and replaces JSON settings', async () => {
    const store = await storeFor(backend);
    await migrate(store, allMigrations());
    expect(await getSetting(store, 'wfi.lastConnect')).toBeUndefined();
    await putSetting(store, 'wfi.lastConnect', { at: '2026-11-21T10:00:00Z' });
    await putSetting(store, 'wfi.lastConnect', { at: '2026-11-21T11:00:00Z' });
    expect(await getSetting(store, 'wfi.lastConnect')).toEqual({ at: '2026-11-21T11:00:00Z' });
  });
});

describe('embedded store folder', () => {
  it('refuses a second process on the same data folder with a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgl-'));
    const store = await openStore({ dataDir: dir });
    open.push(store);
    // Simulate another live process holding the lock: our parent process is alive.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'pglite.pid'), String(process.ppid));
    await expect(openStore({ dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
  });

  it('keeps committed data after the store is closed and reopened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgl-'));
    const first = await openStore({ dataDir: dir });
    await migrate(first, sample);
    await first.query('INSERT INTO items (name) VALUES ($1)', ['durable']);
    await first.close();
    const second = await openStore({ dataDir: dir });
    open.push(second);
    expect((await second.query<{ name: string }>('SELECT name FROM items ORDER BY id')).map((r) => r.name)).toEqual([
      'first',
      'durable',
    ]);
  });
});

describe.runIf(TEST_DATABASE_URL)('several instances on one PostgreSQL', () => {
  it('both come up when two instances start at the same moment', async () => {
    const schema = uniqueSchema();
    const config = testConfig({ DATABASE_URL: TEST_DATABASE_URL! });
    const options = { storeSchema: schema, jobsSchema: `${schema}_jobs` };
    const apps = await Promise.all([buildApp(config, options), buildApp(config, options)]);
    try {
      for (const app of apps) {
        const { url } = await app.listen(0, '127.0.0.1');
        const res = await fetch(`${url}/readyz`);
        expect(res.status).toBe(200);
      }
      const rows = await apps[0]!.store.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
      expect(rows[0]!.n).toBe(allMigrations().length);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
  });
});
