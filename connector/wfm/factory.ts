import type { AppConfig } from '../config/index.ts';
import type { Logger } from '../observability/log.ts';
import type { Store } from '../store/index.ts';
import type { WfmAdapter } from './contract.ts';
import { createEmbeddedWfm, type EmbeddedWfm } from './embedded/index.ts';
import { createHttpWfmAdapter, type HttpAdapterOptions } from './http/adapter.ts';

export interface WfmDeps {
  store: Store;
  log: Logger;
  /** Clock for the embedded WFM (tests pin it). */
  now?: () => Date;
  /** HTTP adapter tuning and test seams (fetch, sleep). */
  http?: Partial<Omit<HttpAdapterOptions, 'baseUrl' | 'auth' | 'log'>>;
}

/** The adapter `config.adapter` asks for: the embedded WFM (default) or the HTTP adapter. */
export function createWfmAdapter(config: AppConfig['wfm'], deps: WfmDeps): WfmAdapter {
  if (config.adapter === 'http') {
    if (!config.baseUrl) throw new Error('WFM_BASE_URL is required for the http adapter');
    return createHttpWfmAdapter({
      ...deps.http,
      baseUrl: config.baseUrl,
      auth: config.oauth ? { kind: 'oauth', ...config.oauth } : { kind: 'apiKey', apiKey: config.apiKey ?? '' },
      log: deps.log.child({ component: 'wfm-http' }),
    });
  }
  return createEmbeddedWfm({ store: deps.store, ...(deps.now ? { now: deps.now } : {}) });
}

/** True when the adapter is the embedded WFM (the admin API acts on it). */
export function isEmbedded(adapter: WfmAdapter): adapter is EmbeddedWfm {
  return adapter.name === 'embedded' && 'applyAsWfm' in adapter;
}
