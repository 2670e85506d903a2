/**
 * The Shifts workforce-integration webhook: `POST /wfi/v1/connect`, `/wfi/v1/teams/:teamId/update`
 * and `/wfi/v1/teams/:teamId/read` (encrypted bodies, clear JSON answers). See docs/webhook.md.
 */
import type { AlertOutbox } from '../alerts/index.ts';
import type { AppConfig } from '../config/index.ts';
import type { Route } from '../http/types.ts';
import type { Logger } from '../observability/log.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Store } from '../store/index.ts';
import type { WfmAdapter } from '../wfm/contract.ts';
import { createUpdateBatcher } from './batch.ts';
import { connectRoute } from './connect.ts';
import { webhookConfigFrom, type WebhookContext } from './context.ts';
import { DEFAULT_DEADLINE, type DeadlineOptions } from './deadline.ts';
import { createWebhookMetrics } from './metrics.ts';
import { readRoute } from './read.ts';
import { updateRoute } from './update.ts';

export { webhookMigrations } from './migrations.ts';
export { listDecisions, webhookDecisionSchema, decisionFilterSchema, type WebhookDecision, type DecisionFilter } from './decisions.ts';
export { getLastConnect, lastConnectSchema, type LastConnect } from './connect.ts';
export { wfiResponseContainerSchema, type WfiResponseContainer, type WfiResponseItem } from './schemas.ts';
export { SHIFTS_ENTITY_TYPES, type ShiftsEntityType } from './entity-types.ts';
export { MESSAGES as WEBHOOK_MESSAGES } from './responses.ts';

export interface WebhookDeps {
  config: AppConfig;
  store: Store;
  alerts: AlertOutbox;
  log: Logger;
  metrics: Metrics;
  /** The WFM adapter built once by the composition root. */
  wfm: WfmAdapter;
  /** Answer-deadline tuning (tests shorten it). */
  deadline?: Partial<DeadlineOptions>;
  /** Clock (epoch ms). */
  now?: () => number;
}

/** The webhook as an app module: three routes, nothing in the background. */
export interface WebhookModule {
  name: 'webhook';
  routes: Route[];
}

/** Builds the webhook capability: its three routes on the app's server. */
export function createWebhookModule(deps: WebhookDeps): WebhookModule {
  const ctx: WebhookContext = {
    config: webhookConfigFrom(deps.config, { ...DEFAULT_DEADLINE, ...deps.deadline }),
    store: deps.store,
    wfm: deps.wfm,
    alerts: deps.alerts,
    log: deps.log.child({ module: 'webhook' }),
    metrics: createWebhookMetrics(deps.metrics.registry),
    now: deps.now ?? Date.now,
  };
  ctx.batcher = createUpdateBatcher(ctx);
  return { name: 'webhook', routes: [connectRoute(ctx), updateRoute(ctx), readRoute(ctx)] };
}
