import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../../connector/config/index.ts';
import type { Logger } from '../../connector/observability/log.ts';
import type { Queryable } from '../../connector/store/index.ts';
import type { SyncService } from '../../connector/sync/service.ts';
import type { WfmAdapter } from '../../connector/wfm/contract.ts';
import { emulatorTokenMinter, emulatorUserNames } from './emulatorSignIn.ts';
import type { TabConfig, TabDeps } from './ports.ts';
import { webhookRejections } from './rejectedSource.ts';

/**
 * Where `npm run build:tab` writes the single-page app, next to this folder. Under a
 * browser-like test environment (jsdom) modules get a non-file `import.meta.url`; there the
 * working directory is the repository root.
 */
export function tabDistDir(): string {
  const here = import.meta.url;
  return here.startsWith('file:') ? fileURLToPath(new URL('../dist', here)) : resolve('tab', 'dist');
}

/**
 * The tab's configuration slice. `tenantId` is the tenant tokens must come from: the
 * configured one, or in local mode the emulator's tenant.
 */
export function tabConfigFrom(config: AppConfig, tenantId: string | undefined): TabConfig {
  return {
    localMode: config.localMode,
    authorityHost: config.graph.authorityHost,
    tenantId,
    clientId: config.graph.clientId,
    publicUrl: config.server.publicUrl,
    appIdUri: config.tab.appIdUri,
    distDir: tabDistDir(),
  };
}

/**
 * Everything `createTabModule` needs, from the app's config and the real capabilities: the
 * webhook's audit for rejected changes and, in local mode, sign-in at the local emulator.
 */
export function tabDepsFrom(
  config: AppConfig,
  parts: { tenantId: string | undefined; log: Logger; store: Queryable; sync: SyncService; wfm: WfmAdapter },
): TabDeps {
  const tab = tabConfigFrom(config, parts.tenantId);
  const localUserNames = config.localMode ? emulatorUserNames(tab.authorityHost) : undefined;
  return {
    config: tab,
    log: parts.log.child({ capability: 'tab' }),
    store: parts.store,
    sync: parts.sync,
    wfm: parts.wfm,
    rejected: webhookRejections(parts.store, localUserNames),
    ...(localUserNames ? { mintLocalToken: emulatorTokenMinter(tab.authorityHost, tab.clientId), localUserNames } : {}),
  };
}
