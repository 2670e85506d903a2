/**
 * The Shifts workforce-integration webhook: `POST /wfi/v1/connect`, `/wfi/v1/teams/:teamId/update`
 * and `/wfi/v1/teams/:teamId/read` (encrypted bodies, clear JSON answers). See docs/webhook.md.
 */
import type { AlertOutbox } from '../alerts/index.ts';
import type { AppConfig } from '../config/index.ts';
import type { Route } from '../http/types.ts';
import type { Jobs } from '../jobs/index.ts';
import type { Logger } from '../observability/log.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Store } from '../store/index.ts';
import type { WfmAdapter } from '../wfm/contract.ts';
import { createUpdateBatcher } from './batch.ts';
import { connectRoute } from './connect.ts';
import { webhookConfigFrom, type WebhookContext } from './context.ts';
import { DEFAULT_DEADLINE, type DeadlineOptions } from './deadline.ts';
import { createInstanceLiveness } from './liveness.ts';
import { createWebhookMetrics } from './metrics.ts';
import { readRoute } from './read.ts';
import { DEFAULT_RETENTION, pruneWebhookRecords } from './retention.ts';
import { updateRoute } from './update.ts';

export { webhookMigrations } from './migrations.ts';
export { pruneWebhookRecords, DEFAULT_RETENTION, type RetentionOptions } from './retention.ts';
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
  /** The job engine, for the nightly retention run; without it nothing is pruned (tests). */
  jobs?: Jobs;
  /** Answer-deadline tuning (tests shorten it). */
  deadline?: Partial<DeadlineOptions>;
  /** Clock (epoch ms). */
  now?: () => number;
}

/** The webhook as an app module: three routes and a nightly retention job. */
export interface WebhookModule {
  name: 'webhook';
  routes: Route[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Queue of the nightly retention run (one at a time across instances). */
export const WEBHOOK_RETENTION_QUEUE = 'webhook-retention';

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
    liveness: createInstanceLiveness(deps.store),
  };
  ctx.batcher = createUpdateBatcher(ctx);
  const retention = { ...DEFAULT_RETENTION, maxAgeDays: deps.config.webhook.retentionDays };
  return {
    name: 'webhook',
    routes: [connectRoute(ctx), updateRoute(ctx), readRoute(ctx)],
    async start() {
      // Held from the start, so claims of this instance are never mistaken for a dead one's.
      await ctx.liveness.key();
      const { jobs } = deps;
      if (!jobs) return;
      await jobs.boss.createQueue(WEBHOOK_RETENTION_QUEUE, { name: WEBHOOK_RETENTION_QUEUE, policy: 'stately' });
      await jobs.work(WEBHOOK_RETENTION_QUEUE, {}, async () => {
        const pruned = await pruneWebhookRecords(deps.store, retention);
        if (pruned.items + pruned.decisions > 0) ctx.log.info(pruned, 'webhook records past retention pruned');
      });
      // Nightly, away from the sync's reconcile at 03:15.
      await jobs.boss.schedule(WEBHOOK_RETENTION_QUEUE, '45 2 * * *');
    },
    async stop() {
      await ctx.liveness.release();
    },
  };
}
