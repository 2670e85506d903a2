/**
 * The WFM capability as an app module: builds the configured adapter, seeds the embedded WFM
 * on first start, and mounts the admin API (local mode or with an admin key) and, on request,
 * the WFM HTTP contract over the embedded WFM.
 */
import type { AppConfig } from '../config/index.ts';
import type { Route } from '../http/types.ts';
import type { Logger } from '../observability/log.ts';
import type { Store } from '../store/index.ts';
import { adminRoutes } from './admin/index.ts';
import type { WfmAdapter } from './contract.ts';
import { createEmbeddedWfm } from './embedded/index.ts';
import { createWfmAdapter } from './factory.ts';
import { wfmApiRoutes } from './http-server/index.ts';

export interface WfmModuleDeps {
  config: AppConfig['wfm'];
  localMode: boolean;
  store: Store;
  log: Logger;
  now?: () => Date;
}

export interface WfmModule {
  name: 'wfm';
  /** The adapter the webhook, the sync engine, the tab and the calendar use. */
  adapter: WfmAdapter;
  routes: Route[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const WFM_API_PREFIX = '/wfm-api/v1';

export function createWfmModule(deps: WfmModuleDeps): WfmModule {
  const log = deps.log.child({ component: 'wfm' });
  if (deps.config.adapter === 'http') {
    const adapter = createWfmAdapter(deps.config, { store: deps.store, log: deps.log });
    return { name: 'wfm', adapter, routes: [], start: async () => undefined, stop: async () => adapter.close?.() };
  }
  const wfm = createEmbeddedWfm({ store: deps.store, ...(deps.now ? { now: deps.now } : {}) });
  const routes: Route[] = [];
  if (deps.localMode || deps.config.adminKey) {
    routes.push(...adminRoutes({ wfm, localMode: deps.localMode, adminKey: deps.config.adminKey }));
  }
  const keys = deps.config.serveApiKeys ?? [];
  if (keys.length > 0) routes.push(...wfmApiRoutes(wfm, { prefix: WFM_API_PREFIX, apiKeys: keys }));
  return {
    name: 'wfm',
    adapter: wfm,
    routes,
    async start() {
      if (await wfm.seed()) log.info('embedded WFM seeded with the demo stores');
    },
    async stop() {
      await wfm.close?.();
    },
  };
}
