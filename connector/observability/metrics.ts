import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per app instance (not prom-client's global one), so tests can boot several
 * apps in one process. Capabilities add their own metrics through `registry`.
 */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  syncOperations: Counter<'entity' | 'operation' | 'outcome'>;
  queueDepth: Gauge<'queue'>;
  render(): Promise<string>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const syncOperations = new Counter({
    name: 'sync_operations_total',
    help: 'Entities the sync engine handled, by entity type, operation and outcome.',
    labelNames: ['entity', 'operation', 'outcome'] as const,
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'job_queue_depth',
    help: 'Jobs waiting to run per queue.',
    labelNames: ['queue'] as const,
    registers: [registry],
  });
  return {
    registry,
    httpRequests,
    httpDuration,
    syncOperations,
    queueDepth,
    render: () => registry.metrics(),
  };
}
