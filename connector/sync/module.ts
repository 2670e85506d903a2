/**
 * The sync capability as the composition root plugs it in: per-team run requests and
 * heartbeat leases in the store (at most one waiting and one running run per team, across
 * instances; a dead holder blocks its team for one lease at most), a minute tick that
 * schedules each team at its own slot in the interval, a nightly reconcile, near-real-time
 * runs when the WFM pushes, and the `SyncService`.
 */
import { randomUUID } from 'node:crypto';
import type { AlertOutbox } from '../alerts/index.ts';
import type { AppConfig } from '../config/index.ts';
import { clientCredentialsProvider, createGraphClient, systemClock, type Clock, type GraphClient, type TokenProvider } from '../graph/index.ts';
import type { Jobs } from '../jobs/index.ts';
import { listTeamMappings } from '../mappings/index.ts';
import type { Logger } from '../observability/log.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Store } from '../store/index.ts';
import type { WfmAdapter } from '../wfm/contract.ts';
import { DEMO_TENANT_ID } from '../wfm/embedded/demo.ts';
import { EngineStoppingError, newInstanceId, runTeamSync, type EngineDeps, type RunRequest } from './engine.ts';
import { DEFAULT_FAILURE_POLICY } from './failures.ts';
import { createRun, type RunKind, type RunRecord } from './runs.ts';
import { createSyncService } from './service-impl.ts';
import type { SyncService } from './service.ts';
import { registerSyncMetrics } from './metrics.ts';
import { recordLateness } from './lateness.ts';
import { createTeamRunner } from './runner.ts';
import { advanceSlot, claimNextTeam, getTeamState, nextSlot, requestRun, setNextSync } from './state.ts';

export const SYNC_TICK_QUEUE = 'sync-tick';
export const SYNC_RECONCILE_QUEUE = 'sync-reconcile';

export interface SyncModuleDeps {
  config: AppConfig;
  store: Store;
  jobs: Jobs;
  log: Logger;
  metrics: Metrics;
  alerts: AlertOutbox;
  wfm: WfmAdapter;
  /** Shifts changes the WFM rejected for a team in the last 24 hours (from the webhook's audit). */
  rejectedLast24h?: (teamId: string) => Promise<number>;
  /** Seams for tests and the benchmark. */
  tokens?: TokenProvider;
  clock?: Clock;
  /** Turn off the automatic schedule (tick, reconcile, push); runs then happen only on demand. */
  automatic?: boolean;
}

export interface SyncModule {
  name: 'sync';
  start(): Promise<void>;
  stop(): Promise<void>;
  service: SyncService & { getRunRecord(id: string): Promise<RunRecord | undefined> };
  graph: GraphClient;
  /** The WFM adapter the engine reads (tests drive the embedded WFM through it). */
  wfm: WfmAdapter;
  /** Runs one team now in this process (CLI, benchmark, tests); resolves with the finished run. */
  runNow(teamId: string, kind: RunKind, options?: { full?: boolean; failureIds?: string[]; onProgress?: (done: number, planned: number) => void }): Promise<RunRecord>;
  /** The app-only token provider Graph calls use (the CLI's doctor checks it). */
  tokens: TokenProvider;
  /** Queues runs for every team whose slot has come (what the minute tick does). */
  scheduleDue(): Promise<number>;
  /** Resolves once this instance has no run under way or due (e.g. the initial sync is over), or it stops. */
  idle(): Promise<void>;
  /** Records which teams' WFM changes wait past SYNC_FRESHNESS_ALERT_MINUTES (the minute tick does it too); resolves with the teams that just became late. */
  recordLateness(): Promise<string[]>;
  /** This instance's id, as it appears in the run leases it holds. */
  instanceId: string;
}

/** How often an idle instance looks for runs another instance asked for, or lapsed leases. */
const CLAIM_POLL_MS = 1000;

/** The tenant the app-only token is for: the configured one, or the emulator's demo tenant in local mode. */
export function tokenTenant(config: AppConfig): string {
  return config.tenantId ?? (config.localMode ? DEMO_TENANT_ID : 'organizations');
}

export function createSyncModule(deps: SyncModuleDeps): SyncModule {
  const { config, store, jobs } = deps;
  const log = deps.log.child({ capability: 'sync' });
  const stopper = new AbortController();
  const baseClock = deps.clock ?? systemClock;
  // Sleeps end when the app stops, so a run in backoff does not hold shutdown up.
  const clock: Clock = {
    now: () => baseClock.now(),
    async sleep(ms) {
      if (stopper.signal.aborted) throw new EngineStoppingError();
      if (ms <= 0) return;
      let onAbort: (() => void) | undefined;
      try {
        await Promise.race([
          baseClock.sleep(ms),
          new Promise<void>((_, reject) => {
            onAbort = () => reject(new EngineStoppingError());
            stopper.signal.addEventListener('abort', onAbort, { once: true });
          }),
        ]);
      } finally {
        if (onAbort) stopper.signal.removeEventListener('abort', onAbort);
      }
    },
  };
  const tokens =
    deps.tokens ??
    clientCredentialsProvider({
      clientId: config.graph.clientId ?? '',
      clientSecret: config.graph.clientSecret ?? '',
      tenantId: tokenTenant(config),
      authorityHost: config.graph.authorityHost,
      graphBaseUrl: config.graph.baseUrl,
    });
  const owners = new Map<string, string | null>();
  const graph = createGraphClient({
    baseUrl: config.graph.baseUrl,
    tokens,
    passthrough: config.wfi.id,
    actsAs: (teamId) => owners.get(teamId) ?? null,
    limits: config.sync.limits,
    clock,
  });
  const engine: EngineDeps = {
    store,
    graph,
    alerts: deps.alerts,
    log,
    adapter: deps.wfm,
    clock,
    instanceId: newInstanceId(),
    failurePolicy: { ...DEFAULT_FAILURE_POLICY, maxAutoRetries: config.sync.maxRetries },
    config: {
      wfiId: config.wfi.id,
      windowDays: config.sync.windowDays,
      drafts: config.sync.drafts,
      notifyTeam: config.sync.notifyTeam,
      removeUnmanaged: config.sync.removeUnmanaged,
      leaseMs: config.sync.leaseSeconds * 1000,
      globalMode: { mode: config.sync.mode, oneWayAllowed: config.sync.oneWayAllowed },
    },
  };
  const inFlight = new Set<Promise<unknown>>();

  async function refreshOwners(): Promise<void> {
    for (const m of await listTeamMappings(store)) owners.set(m.teamId, m.ownerUserId);
  }

  async function execute(req: RunRequest): Promise<RunRecord> {
    await refreshOwners();
    const p = runTeamSync(engine, req);
    inFlight.add(p);
    try {
      const run = await p;
      log.info({ teamId: run.teamId, runId: run.id, kind: run.kind, state: run.state, counts: run.counts, error: run.error }, 'sync run finished');
      for (const [entity, ops] of Object.entries(run.counts)) {
        for (const [operation, n] of Object.entries(ops)) {
          deps.metrics.syncOperations.inc({ entity, operation, outcome: operation === 'failed' ? 'failed' : 'ok' }, n);
        }
      }
      return run;
    } finally {
      inFlight.delete(p);
    }
  }

  const runner = createTeamRunner({
    concurrency: config.sync.concurrency,
    pollMs: CLAIM_POLL_MS,
    log,
    claim: () => claimNextTeam(store, engine.instanceId, engine.config.leaseMs, randomUUID()),
    async run(claimed) {
      if (claimed.takeover) log.warn({ teamId: claimed.teamId, runId: claimed.runId }, 'taking over a team whose sync run stopped renewing its lease; resuming');
      await createRun(store, claimed.teamId, claimed.kind, 'queued', claimed.runId);
      await execute({ runId: claimed.runId, teamId: claimed.teamId, kind: claimed.kind, full: claimed.full });
    },
  });

  async function enqueue(teamId: string, kind: RunKind, full: boolean): Promise<string> {
    // The request and its run record in one transaction: whoever joins a waiting request
    // gets that run's id, and whoever claims it finds the record.
    const runId = await store.transaction(async (tx) => {
      const r = await requestRun(tx, teamId, kind, full, randomUUID());
      if (!r.joined) await createRun(tx, teamId, kind, 'queued', r.runId);
      return r.runId;
    });
    runner.wake();
    return runId;
  }

  async function scheduleDue(): Promise<number> {
    const now = clock.now();
    const intervalMs = config.sync.intervalMinutes * 60_000;
    let queued = 0;
    const busy = new Set(
      (
        await store.query<{ team_id: string }>(
          `SELECT team_id FROM sync_team_state WHERE run_request_id IS NOT NULL OR (lease_owner IS NOT NULL AND lease_until > now())`,
        )
      ).map((r) => r.team_id),
    );
    for (const team of await listTeamMappings(store)) {
      if (!team.enabled) continue;
      const state = await getTeamState(store, team.teamId);
      if (!state.initializedAt) {
        // A first sync already waiting or running will initialise the team.
        if (busy.has(team.teamId)) continue;
        await enqueue(team.teamId, 'initial', true);
        queued++;
        // So the tab can say when the first incremental run comes, not "not scheduled".
        await setNextSync(store, team.teamId, new Date(nextSlot(team.teamId, now, intervalMs)));
        continue;
      }
      // Jobs are queued when their slot arrives (the tick runs every minute), never ahead:
      // a future-dated job would hold the team's one queued place and delay pushed changes.
      if (state.nextSyncAt && Date.parse(state.nextSyncAt) > now) continue;
      const next = new Date(nextSlot(team.teamId, now, intervalMs));
      if (!state.nextSyncAt) {
        await setNextSync(store, team.teamId, next);
      } else if (await advanceSlot(store, team.teamId, state.nextSyncAt, next)) {
        await enqueue(team.teamId, 'incremental', false);
        queued++;
      }
    }
    return queued;
  }

  let pushTimer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  const onPush = () => {
    clearTimeout(pushTimer);
    // Debounced: a burst of WFM writes becomes one run per team, still inside the rate limits.
    pushTimer = setTimeout(() => {
      void (async () => {
        for (const team of await listTeamMappings(store)) {
          if (!team.enabled) continue;
          const state = await getTeamState(store, team.teamId);
          if (state.initializedAt) await enqueue(team.teamId, 'incremental', false);
        }
      })().catch((err: unknown) => log.error({ err }, 'could not queue near-real-time sync'));
    }, 250);
  };

  const service = createSyncService({
    store,
    adapter: deps.wfm,
    enqueue: (teamId, kind, full) => enqueue(teamId, kind, full),
    retryNow: async (teamId, failureIds) => {
      const runId = await createRun(store, teamId, 'manual', 'queued');
      return execute({ runId, teamId, kind: 'manual', full: false, failureIds });
    },
    rejectedLast24h: deps.rejectedLast24h ?? (async () => 0),
    globalMode: { mode: config.sync.mode, oneWayAllowed: config.sync.oneWayAllowed },
    leaseMs: engine.config.leaseMs,
    automatic: deps.automatic !== false && config.sync.automatic,
    freshnessAlertMs: config.sync.freshnessAlertMinutes * 60_000,
  });

  registerSyncMetrics(deps.metrics, { service, graph, tenant: tokenTenant(config) });

  async function lateness(): Promise<string[]> {
    const enabled = new Set((await listTeamMappings(store)).filter((m) => m.enabled).map((m) => m.teamId));
    const nowMs = ((await store.query<{ now: Date }>(`SELECT now() AS now`))[0]?.now ?? new Date()).getTime();
    return recordLateness(store, await service.teamStatuses(), { nowMs, alertMs: config.sync.freshnessAlertMinutes * 60_000, enabled: (t) => enabled.has(t), log });
  }

  return {
    name: 'sync',
    service,
    graph,
    tokens,
    wfm: deps.wfm,
    scheduleDue,
    idle: () => runner.idle(),
    recordLateness: lateness,
    instanceId: engine.instanceId,
    async runNow(teamId, kind, options = {}) {
      const runId = await createRun(store, teamId, kind, 'queued');
      return execute({
        runId,
        teamId,
        kind,
        full: options.full ?? false,
        ...(options.failureIds ? { failureIds: options.failureIds } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    },
    async start() {
      const boss = jobs.boss;
      runner.start();
      // EMULATOR_PORT=0 (tests without an emulator) leaves nothing to sync against.
      const graphReachable = !/^https?:\/\/[^/]+:0(\/|$)/.test(config.graph.baseUrl);
      if (deps.automatic === false || !config.sync.automatic || !graphReachable) return;
      await boss.createQueue(SYNC_TICK_QUEUE, { name: SYNC_TICK_QUEUE, policy: 'short' });
      await boss.createQueue(SYNC_RECONCILE_QUEUE, { name: SYNC_RECONCILE_QUEUE, policy: 'short' });
      await jobs.work(SYNC_TICK_QUEUE, {}, async () => {
        await scheduleDue();
        await lateness();
        // Retention: run records and closed failures older than 30 days.
        await store.query(`DELETE FROM sync_runs WHERE started_at < now() - interval '30 days' AND state NOT IN ('queued', 'running')`);
        await store.query(`DELETE FROM sync_failures WHERE state IN ('resolved', 'handled') AND last_seen_at < now() - interval '30 days'`);
      });
      await jobs.work(SYNC_RECONCILE_QUEUE, {}, async () => {
        for (const team of await listTeamMappings(store)) if (team.enabled) await enqueue(team.teamId, 'reconcile', true);
      });
      await boss.schedule(SYNC_TICK_QUEUE, '* * * * *');
      await boss.schedule(SYNC_RECONCILE_QUEUE, config.sync.reconcileCron);
      unsubscribe = deps.wfm.subscribe?.(onPush);
      // No pass here: writes make Shifts call our webhook, which is not listening yet. The
      // minute tick (or the process entry, once listening) schedules the first runs.
    },
    async stop() {
      unsubscribe?.();
      clearTimeout(pushTimer);
      stopper.abort();
      await Promise.all([runner.stop(5000), Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 5000).unref())])]);
    },
  };
}
