/**
 * What the webhook needs from the composition root: its config slice, the store, the WFM
 * adapter, the alert outbox, a logger and its metrics.
 */
import type { AlertOutbox } from '../alerts/index.ts';
import type { AppConfig } from '../config/index.ts';
import type { Logger } from '../observability/log.ts';
import type { Store } from '../store/index.ts';
import type { WfmAdapter } from '../wfm/contract.ts';
import type { UpdateBatcher } from './batch.ts';
import type { DeadlineOptions } from './deadline.ts';
import type { InstanceLiveness } from './liveness.ts';
import type { WebhookMetrics } from './metrics.ts';

/** The webhook's typed configuration. */
export interface WebhookConfig {
  /** Entra tenant /connect must come from; undefined (local mode) accepts any tenant. */
  tenantId: string | undefined;
  /** Our workforce-integration id: `X-MS-WFMPassthrough` equal to it marks our own writes. */
  wfiId: string;
  /** Accepted secrets, current first (rotation). */
  secrets: readonly string[];
  mode: AppConfig['sync']['mode'];
  /** Entity types Shifts may still change in one-way mode. */
  oneWayAllowed: AppConfig['sync']['oneWayAllowed'];
  deadline: DeadlineOptions;
}

/** Maps the app configuration to the webhook's slice. */
export function webhookConfigFrom(config: AppConfig, deadline: DeadlineOptions): WebhookConfig {
  return {
    tenantId: config.tenantId,
    wfiId: config.wfi.id,
    secrets: config.wfi.secrets,
    mode: config.sync.mode,
    oneWayAllowed: config.sync.oneWayAllowed,
    deadline,
  };
}

export interface WebhookContext {
  config: WebhookConfig;
  store: Store;
  wfm: WfmAdapter;
  alerts: AlertOutbox;
  log: Logger;
  metrics: WebhookMetrics;
  /** Clock (epoch ms); tests may pin it. */
  now: () => number;
  /** This instance's liveness lock: its key marks the idempotency claims it holds. */
  liveness: InstanceLiveness;
  /** Group commit of /update requests, when the WFM and store support it (see `batch.ts`). */
  batcher?: UpdateBatcher | undefined;
}
