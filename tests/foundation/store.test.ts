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
  TransactionAbortedError,
  type Migration,
  type Queryable,
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
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
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

  it('rolls back and throws when the callback swallowed a failed statement, instead of reporting success', async () => {
    const store = await storeFor(backend);
    await migrate(store, sample);
    await expect(
      store.transaction(async (tx) => {
        await tx.query('INSERT INTO items (name) VALUES ($1)', ['lost']);
        await tx.query('INSERT INTO items (name) VALUES ($1)', ['first']).catch(() => undefined);
        return 'looks fine';
      }),
    ).rejects.toBeInstanceOf(TransactionAbortedError);
    const names = (await store.query<{ name: string }>('SELECT name FROM items ORDER BY id')).map((r) => r.name);
    expect(names).toEqual(['first']);
  });

  it('surfaces the failing statement\'s own error from a transaction and keeps the store usable', async () => {
    const store = await storeFor(backend);
    await migrate(store, sample);
    await expect(store.transaction((tx) => tx.query('INSERT INTO items (name) VALUES ($1)', ['first']))).rejects.toThrow(/duplicate key/);
    await store.transaction((tx) => tx.query('INSERT INTO items (name) VALUES ($1)', ['after']));
    expect((await store.query<{ n: number }>('SELECT count(*) AS n FROM items'))[0]!.n).toBe(2);
  });

  it('refuses statements on a transaction after it closed', async () => {
    const store = await storeFor(backend);
    await migrate(store, sample);
    let leaked: Queryable | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.query('INSERT INTO items (name) VALUES ($1)', ['late'])).rejects.toThrow(/already closed/);
    expect((await store.query<{ n: number }>('SELECT count(*) AS n FROM items'))[0]!.n).toBe(1);
  });

  it('never lets a read outside a transaction see its uncommitted writes', async () => {
    const store = await storeFor(backend);
    await migrate(store, sample);
    let outside: Promise<Array<{ name: string }>> | undefined;
    await expect(
      store.transaction(async (tx) => {
        await tx.query('INSERT INTO items (name) VALUES ($1)', ['uncommitted']);
        outside = store.query<{ name: string }>('SELECT name FROM items ORDER BY id');
        // Give the outside read every chance to run while the write is still open.
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    expect((await outside!).map((r) => r.name)).toEqual(['first']);
  });

  it('makes two holders of the same advisory lock take turns, and lets other keys run alongside', async () => {
    const store = await storeFor(backend);
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = store.withAdvisoryLock(4242, async () => {
      events.push('first in');
      await gate;
      events.push('first out');
    });
    await until(() => events.includes('first in'));
    const second = store.withAdvisoryLock(4242, async () => {
      events.push('second in');
    });
    await store.withAdvisoryLock(4343, async () => {
      events.push('other key');
    });
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(['first in', 'other key', 'first out', 'second in']);
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
