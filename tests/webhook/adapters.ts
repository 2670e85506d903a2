/**
 * The connector with each WFM adapter: the embedded WFM in-process on the connector's store, or
 * the HTTP adapter against the embedded WFM served over its contract on loopback.
 */
import { createHttpServer, type HttpServer } from '../../connector/http/server.ts';
import { createLogger } from '../../connector/observability/log.ts';
import { createMetrics } from '../../connector/observability/metrics.ts';
import { migrate, openStore, type Store } from '../../connector/store/index.ts';
import { allMigrations } from '../../connector/app.ts';
import { wfmApiRoutes } from '../../connector/wfm/http-server/index.ts';
import { createEmbeddedWfm, type EmbeddedWfm } from '../../connector/wfm/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { seedBrooklynMappings, WEBHOOK_ENV } from './support.ts';

export const ADAPTERS = ['embedded', 'http'] as const;
export type AdapterKind = (typeof ADAPTERS)[number];

export interface AdapterSetup {
  app: TestApp;
  /** The WFM Shifts talks to, read directly to see what it holds. */
  wfm: EmbeddedWfm;
  close(): Promise<void>;
}

/** Boots the connector (PGlite) with the given adapter, the demo WFM seeded and Brooklyn mapped. */
export async function startWithAdapter(kind: AdapterKind): Promise<AdapterSetup> {
  if (kind === 'embedded') {
    const app = await startTestApp({ env: { ...WEBHOOK_ENV } });
    const wfm = createEmbeddedWfm({ store: app.app.store });
    await wfm.seed();
    await seedBrooklynMappings(app.app.store);
    return { app, wfm, close: () => app.close() };
  }
  const wfmStore: Store = await openStore({ dataDir: 'memory://' });
  await migrate(wfmStore, allMigrations());
  const wfm = createEmbeddedWfm({ store: wfmStore });
  await wfm.seed();
  const server: HttpServer = createHttpServer(
    wfmApiRoutes(wfm, { prefix: '/wfm-api/v1', apiKeys: ['adapter-key'] }),
    createLogger({ level: 'silent' }),
    createMetrics(),
  );
  const { port } = await server.listen(0, '127.0.0.1');
  const app = await startTestApp({
    env: { ...WEBHOOK_ENV, WFM_ADAPTER: 'http', WFM_BASE_URL: `http://127.0.0.1:${port}/wfm-api/v1`, WFM_API_KEY: 'adapter-key' },
  });
  await seedBrooklynMappings(app.app.store);
  return {
    app,
    wfm,
    async close() {
      await app.close();
      await server.close();
      await wfmStore.close();
    },
  };
}
