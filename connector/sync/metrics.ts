/**
 * The sync engine's figures on `/metrics`, read when scraped: per team, the freshness of the
 * sync (lag percentiles of the last hour, age of the oldest unsynced WFM change) and its
 * health; per tenant and per mapped team, the Graph client's requests, 429s, retries and
 * throttle waits; per tenant, the breaker state.
 */
import { Gauge } from 'prom-client';
import { BREAKER_STATES, type GraphClient } from '../graph/index.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { SyncService, TeamSyncStatus } from './service.ts';

/** The Graph client's counters shown as request kinds (its wait time has a metric of its own). */
const GRAPH_COUNTS = ['requests', 'reads', 'writes', 'deletes', 'throttled', 'retries'] as const;

export function registerSyncMetrics(metrics: Metrics, opts: { service: SyncService; graph: GraphClient; tenant: string }): void {
  const registers = [metrics.registry];
  // prom-client collects every gauge at once: they share one read of the team statuses per scrape.
  let pass: { at: number; statuses: Promise<TeamSyncStatus[]> } | undefined;
  const statuses = () => {
    if (!pass || Date.now() - pass.at > 1000) pass = { at: Date.now(), statuses: opts.service.teamStatuses() };
    return pass.statuses;
  };

  new Gauge({
    name: 'sync_freshness_seconds',
    help: 'Lag from a WFM change to its Shifts write over the last hour, by team and quantile (0.5, 0.95).',
    labelNames: ['team', 'quantile'] as const,
    registers,
    async collect() {
      this.reset();
      for (const s of await statuses()) {
        if (s.freshness.p50Seconds !== null) this.set({ team: s.teamId, quantile: '0.5' }, s.freshness.p50Seconds);
        if (s.freshness.p95Seconds !== null) this.set({ team: s.teamId, quantile: '0.95' }, s.freshness.p95Seconds);
      }
    },
  });
  new Gauge({
    name: 'sync_oldest_unsynced_change_seconds',
    help: 'Age of the oldest WFM change of the team not yet in Shifts (0: none waiting).',
    labelNames: ['team'] as const,
    registers,
    async collect() {
      this.reset();
      const now = Date.now();
      for (const s of await statuses()) this.set({ team: s.teamId }, s.freshness.oldestUnsyncedAt ? Math.max(0, (now - Date.parse(s.freshness.oldestUnsyncedAt)) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'sync_team_healthy',
    help: '1 when the team is healthy, 0 when degraded or failing (stalled runs and late changes included).',
    labelNames: ['team', 'health'] as const,
    registers,
    async collect() {
      this.reset();
      for (const s of await statuses()) this.set({ team: s.teamId, health: s.health }, s.health === 'healthy' ? 1 : 0);
    },
  });
  // One Graph client per tenant (its app-only token): its running totals since start.
  new Gauge({
    name: 'graph_requests_observed_total',
    help: 'Graph requests of the sync engine since start, by tenant and kind (requests, reads, writes, deletes, throttled = answered 429, retries).',
    labelNames: ['tenant', 'kind'] as const,
    registers,
    collect() {
      for (const kind of GRAPH_COUNTS) this.set({ tenant: opts.tenant, kind }, opts.graph.stats[kind]);
    },
  });
  new Gauge({
    name: 'graph_throttle_wait_seconds_total',
    help: 'Time the sync engine waited for the Graph budget since start (its own pacing and Retry-After after a 429), by tenant.',
    labelNames: ['tenant'] as const,
    registers,
    collect() {
      this.set({ tenant: opts.tenant }, opts.graph.stats.throttleWaitMs / 1000);
    },
  });
  // Per team, only teams that are mapped now: the label set stays as small as the mapping,
  // whatever team ids the client has seen (a team unmapped since start drops out).
  new Gauge({
    name: 'graph_team_requests_observed_total',
    help: 'Graph requests (batch items included) of the sync engine since start, by mapped team and kind (requests, reads, writes, deletes, throttled = answered 429, retries).',
    labelNames: ['team', 'kind'] as const,
    registers,
    async collect() {
      this.reset();
      const perTeam = opts.graph.teamStats();
      for (const s of await statuses()) {
        const t = perTeam.get(s.teamId);
        for (const kind of GRAPH_COUNTS) this.set({ team: s.teamId, kind }, t?.[kind] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'graph_team_throttle_wait_seconds_total',
    help: 'Time the sync engine waited for the Graph budget since start (its own pacing and Retry-After after a 429), by mapped team.',
    labelNames: ['team'] as const,
    registers,
    async collect() {
      this.reset();
      const perTeam = opts.graph.teamStats();
      for (const s of await statuses()) this.set({ team: s.teamId }, (perTeam.get(s.teamId)?.throttleWaitMs ?? 0) / 1000);
    },
  });
  new Gauge({
    name: 'graph_breaker_state',
    help: 'Graph circuit breaker per tenant: 1 for its current state.',
    labelNames: ['tenant', 'state'] as const,
    registers,
    collect() {
      const current = opts.graph.breakerState().name;
      for (const state of BREAKER_STATES) this.set({ tenant: opts.tenant, state }, state === current ? 1 : 0);
    },
  });
}
