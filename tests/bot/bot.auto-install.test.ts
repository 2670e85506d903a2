import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphAppInstaller, requestInstallOnce } from '../../bot/alerts/install.ts';
import { botMigrations } from '../../bot/index.ts';
import { createGraphClient } from '../../connector/graph/index.ts';
import { migrate, openStore, storeMigrations, type Store } from '../../connector/store/index.ts';

/** Answers Graph's installedApps endpoint like Graph does: 201, 409 when installed, 403 without consent. */
async function startGraphStandIn() {
  const calls: Array<{ path: string; body: unknown; authorization: string | undefined }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const text = Buffer.concat(chunks).toString('utf8');
      calls.push({ path, body: text ? JSON.parse(text) : undefined, authorization: req.headers.authorization });
      const m = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(path);
      const user = m ? decodeURIComponent(m[1]!) : '';
      const [status, error] =
        req.method !== 'POST' || !m
          ? [404, { code: 'NotFound', message: 'no such route' }]
          : user === 'already'
            ? [409, { code: 'Conflict', message: 'App is already installed.' }]
            : user === 'no-consent'
              ? [403, { code: 'Forbidden', message: 'Missing TeamsAppInstallation.ReadWriteSelfForUser.All' }]
              : [201, undefined];
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(error ? JSON.stringify({ error }) : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('installing the app for managers through Graph', () => {
  let graphStandIn: Awaited<ReturnType<typeof startGraphStandIn>>;
  let store: Store;
  let install: ReturnType<typeof graphAppInstaller>;

  beforeAll(async () => {
    graphStandIn = await startGraphStandIn();
    store = await openStore({ dataDir: 'memory://' });
    await migrate(store, [...storeMigrations, ...botMigrations]);
    const graph = createGraphClient({
      baseUrl: graphStandIn.url,
      tokens: { getToken: () => Promise.resolve('app-token') },
      passthrough: 'WFI_test',
    });
    install = graphAppInstaller(graph, 'catalog-app-1');
  });
  afterAll(async () => {
    await store.close();
    await graphStandIn.close();
  });

  it('posts the catalog app to the user’s installed apps with the app token', async () => {
    expect(await install('manager-1')).toEqual({ outcome: 'installed', detail: null });
    expect(graphStandIn.calls.at(-1)).toEqual({
      path: '/v1.0/users/manager-1/teamwork/installedApps',
      body: { 'teamsApp@odata.bind': 'https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/catalog-app-1' },
      authorization: 'Bearer app-token',
    });
  });

  it('tells an existing install and a missing permission apart', async () => {
    expect((await install('already')).outcome).toBe('already_installed');
    const denied = await install('no-consent');
    expect(denied.outcome).toBe('failed');
    expect(denied.detail).toContain('TeamsAppInstallation.ReadWriteSelfForUser.All');
  });

  it('asks Graph at most once a day per manager and records the outcome', async () => {
    const before = graphStandIn.calls.length;
    expect((await requestInstallOnce(store, install, 'manager-2'))?.outcome).toBe('installed');
    expect(await requestInstallOnce(store, install, 'manager-2')).toBeUndefined();
    expect(graphStandIn.calls.length).toBe(before + 1);
    expect(await store.query(`SELECT user_id, outcome FROM bot_install_requests WHERE user_id = 'manager-2'`)).toEqual([
      { user_id: 'manager-2', outcome: 'installed' },
    ]);
  });
});
