import type pino from 'pino';
import { botMigrations, createBotModule } from '../bot/index.ts';
import type { AppConfig } from './config/index.ts';
import { alertMigrations, createAlertOutbox, type AlertOutbox } from './alerts/index.ts';
import { calendarMigrations, createCalendarModule } from './calendar/index.ts';
import { createMappingsModule, mappingMigrations } from './mappings/index.ts';
import { countRejectedLast24h, createSyncModule, syncMigrations, tokenTenant, type SyncModule } from './sync/index.ts';
import { createTabGuard, createTabModule, tabDepsFrom } from '../tab/api/index.ts';
import { createWebhookModule, webhookMigrations } from './webhook/index.ts';
import { createWfmModule, embeddedWfmMigrations } from './wfm/index.ts';
import { createHttpServer, type HttpServer } from './http/server.ts';
import { healthRoutes } from './http/health.ts';
import type { AnyRoute } from './http/types.ts';
import { createJobs, type Jobs } from './jobs/index.ts';
import { createLogger, type Logger } from './observability/log.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { migrate, openStore, storeMigrations, type Migration, type Store } from './store/index.ts';

/**
 * A capability plugged into the app by the composition root: its tables, its routes, and
 * what it runs in the background. Nothing here knows about any capability in particular.
 */
export interface AppModule {
  name: string;
  routes?: AnyRoute[];
  /** Called after migrations and the job engine are up, before the server listens. */
  start?(): Promise<void>;
  /** Called on shutdown, before the job engine and the store close. */
  stop?(): Promise<void>;
}

export interface BuildOptions {
  /** Test isolation on a shared PostgreSQL: this suite's schema for tables and for jobs. */
  storeSchema?: string;
  jobsSchema?: string;
  /** Where logs go (tests pass a stream). */
  logDestination?: pino.DestinationStream;
  /** Job polling interval (seconds); tests use pg-boss's minimum. */
  jobPollingSeconds?: number;
}

export interface App {
  config: AppConfig;
  store: Store;
  jobs: Jobs;
  log: Logger;
  metrics: Metrics;
  http: HttpServer;
  /** The sync engine (local-mode start-up, CLI, tests). */
  services: AppServices;
  /** Starts listening on `config.server.host` unless told otherwise; port 0 picks a free port (tests). */
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Idempotent graceful stop: server, modules, jobs, store, in that order. */
  close(): Promise<void>;
}

/** Services built by the modules that the process entry, the CLI and tests use directly. */
export interface AppServices {
  sync?: SyncModule;
}

/** What the root hands each capability: typed config and shared infrastructure. */
export interface ModuleDeps {
  config: AppConfig;
  store: Store;
  jobs: Jobs;
  log: Logger;
  metrics: Metrics;
  alerts: AlertOutbox;
}

/**
 * Builds the capabilities in dependency order. Each receives exactly what it needs; none
 * reads the environment or reaches for a global.
 */
function createModules(deps: ModuleDeps, services: AppServices = {}): AppModule[] {
  // The one WFM adapter of the deployment, shared by every capability that talks to the WFM.
  // The embedded WFM seeds itself on start and serves /wfm-admin/ (local mode or admin key).
  const wfmModule = createWfmModule({ config: deps.config.wfm, localMode: deps.config.localMode, store: deps.store, log: deps.log });
  const wfm = wfmModule.adapter;
  const mappings = createMappingsModule({
    store: deps.store,
    log: deps.log,
    seedDemo: deps.config.localMode && deps.config.wfm.adapter === 'embedded',
  });
  const sync = createSyncModule({ ...deps, wfm, rejectedLast24h: (teamId) => countRejectedLast24h(deps.store, teamId) });
  services.sync = sync;
  // The manager tab: SSO-validated API over the sync service, the WFM and the webhook's audit.
  const tabDeps = tabDepsFrom(deps.config, { ...deps, tenantId: tokenTenant(deps.config), sync: sync.service, wfm });
  const tabGuard = createTabGuard(tabDeps);
  const tab = createTabModule({ ...tabDeps, guard: tabGuard });
  const calendar = createCalendarModule({
    config: deps.config.calendar,
    tenantId: deps.config.tenantId,
    publicUrl: deps.config.server.publicUrl,
    store: deps.store,
    jobs: deps.jobs,
    log: deps.log,
    metrics: deps.metrics,
    wfm,
    // Outlook push shares the sync engine's Graph client: one rate limiter, one breaker.
    graph: sync.graph,
    // Calendar links in the tab are authenticated by the tab's own guard (one JWKS cache).
    auth: tabGuard,
  });
  return [wfmModule, mappings, sync, createBotModule({ ...deps, sync: sync.service, graph: sync.graph }), createWebhookModule({ ...deps, wfm }), calendar, tab];
}

/** Every capability's migrations, in dependency order. */
export function allMigrations(): Migration[] {
  return [...storeMigrations, ...alertMigrations, ...mappingMigrations, ...embeddedWfmMigrations, ...botMigrations, ...webhookMigrations, ...calendarMigrations, ...syncMigrations];
}

/** Advisory-lock key serialising capability start-up across instances ("shifmods"). */
const MODULE_START_LOCK_KEY = 0x5348_4d53;

/**
 * The single composition root: builds the whole deployment from a validated config. It does
 * not listen, so tests can boot the real app in-process and pick their own port.
 */
export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<App> {
  const log = createLogger({ level: config.log.level, format: config.log.format, destination: options.logDestination });
  const metrics = createMetrics();
  const store = await openStore({
    databaseUrl: config.store.databaseUrl,
    dataDir: config.store.dataDir,
    ...(options.storeSchema ? { schema: options.storeSchema } : {}),
  });
  const closers: Array<() => Promise<void>> = [() => store.close()];
  let modules: AppModule[] = [];
  const services: AppServices = {};
  let jobs: Jobs | undefined;
  try {
    const applied = await migrate(store, allMigrations());
    if (applied.length > 0) log.info({ applied }, 'migrations applied');

    jobs = createJobs(store, log, {
      ...(options.jobsSchema ? { schema: options.jobsSchema } : {}),
      ...(options.jobPollingSeconds ? { pollingIntervalSeconds: options.jobPollingSeconds } : {}),
    });
    await jobs.start();
    const startedJobs = jobs;
    closers.unshift(() => startedJobs.stop());

    modules = createModules({ config, store, jobs, log, metrics, alerts: createAlertOutbox() }, services);
    // Capabilities create their job queues (pg-boss DDL) and seed data as they start; two
    // instances doing that at the same moment deadlock in PostgreSQL, so starts take turns.
    await store.withAdvisoryLock(MODULE_START_LOCK_KEY, async () => {
      for (const m of modules) {
        await m.start?.();
        if (m.stop) closers.unshift(m.stop.bind(m));
      }
    });
  } catch (err) {
    for (const close of closers) await close().catch(() => undefined);
    throw err;
  }

  const routes: AnyRoute[] = [
    ...healthRoutes(
      [
        { name: 'store', check: () => store.ping() },
        { name: 'jobs', check: () => jobs.ping() },
      ],
      metrics,
      async () => {
        const depth = await jobs.queueDepth().catch(() => ({}));
        metrics.queueDepth.reset();
        for (const [queue, n] of Object.entries(depth)) metrics.queueDepth.set({ queue }, n);
      },
    ),
    ...modules.flatMap((m) => m.routes ?? []),
  ];
  const http = createHttpServer(routes, log, metrics);

  let closing: Promise<void> | undefined;
  return {
    config,
    store,
    jobs,
    log,
    metrics,
    http,
    services,
    listen: (port = config.server.port, host = config.server.host) => http.listen(port, host),
    close() {
      closing ??= (async () => {
        await http.close();
        for (const close of closers) {
          try {
            await close();
          } catch (err) {
            log.error({ err }, 'error during shutdown');
          }
        }
        log.flush?.();
      })();
      return closing;
    },
  };
}
