import type { Metrics } from '../observability/metrics.ts';
import type { Route } from './types.ts';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

/** `/healthz` (the process answers), `/readyz` (its dependencies answer) and `/metrics`. */
export function healthRoutes(checks: readonly ReadinessCheck[], metrics: Metrics, beforeScrape?: () => Promise<void>): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handler: async () => ({ status: 200, json: { status: 'ok' } }),
    },
    {
      method: 'GET',
      path: '/readyz',
      handler: async () => {
        const results = await Promise.all(
          checks.map(async (c) => [c.name, await c.check().catch(() => false)] as const),
        );
        const failing = results.filter(([, okay]) => !okay).map(([name]) => name);
        return {
          status: failing.length === 0 ? 200 : 503,
          json: { status: failing.length === 0 ? 'ready' : 'not ready', checks: Object.fromEntries(results) },
        };
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: async () => {
        await beforeScrape?.();
        return {
          status: 200,
          headers: { 'content-type': metrics.registry.contentType },
          body: await metrics.render(),
        };
      },
    },
  ];
}
