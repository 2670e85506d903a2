import { Counter, Histogram, type Registry } from 'prom-client';

/** The webhook's metrics, registered on the app's registry. */
export interface WebhookMetrics {
  /** Bodies that did not authenticate, by reason (`bad_tag`, `malformed`, ...). */
  unauthorized: Counter<'endpoint' | 'reason'>;
  /** Answered items by endpoint, entity type and decision. */
  items: Counter<'endpoint' | 'entity' | 'decision'>;
  /** Items answered from the idempotency record (Shifts retries). */
  replays: Counter<'endpoint'>;
  /** Time the WFM took to validate and apply one /update request. */
  wfmApply: Histogram<'outcome'>;
  /** Requests written by one group commit (embedded store). */
  batchSize: Histogram;
}

export function createWebhookMetrics(registry: Registry): WebhookMetrics {
  return {
    unauthorized: new Counter({
      name: 'wfi_webhook_unauthorized_total',
      help: 'Workforce-integration webhook requests whose body did not authenticate, by reason.',
      labelNames: ['endpoint', 'reason'] as const,
      registers: [registry],
    }),
    items: new Counter({
      name: 'wfi_webhook_items_total',
      help: 'Workforce-integration webhook items answered, by endpoint, entity type and decision.',
      labelNames: ['endpoint', 'entity', 'decision'] as const,
      registers: [registry],
    }),
    replays: new Counter({
      name: 'wfi_webhook_replays_total',
      help: 'Webhook items answered from the idempotency record (retries by Shifts).',
      labelNames: ['endpoint'] as const,
      registers: [registry],
    }),
    wfmApply: new Histogram({
      name: 'wfi_webhook_wfm_apply_seconds',
      help: 'Time the WFM took to validate and apply the changes of one /update request.',
      labelNames: ['outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'wfi_webhook_group_commit_requests',
      help: 'Shifts /update requests validated and written together by one group commit (embedded store).',
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
  };
}
