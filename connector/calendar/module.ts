import { randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';
import type { AppConfig } from '../config/index.ts';
import type { GraphClient } from '../graph/index.ts';
import type { AnyRoute } from '../http/types.ts';
import type { Jobs } from '../jobs/index.ts';
import { listUserMappings } from '../mappings/index.ts';
import type { Logger } from '../observability/log.ts';
import type { Metrics } from '../observability/metrics.ts';
import { getSetting, type Store } from '../store/index.ts';
import type { WfmAdapter } from '../wfm/contract.ts';
import { createFeedService, type FeedService } from './feed.ts';
import { createLinkService, type LinkService } from './links.ts';
import { createRateLimiter } from './rate-limit.ts';
import { createOutlookPush, type OutlookPush, type PushReport } from './push.ts';
import { feedRoute } from './routes/feed.ts';
import { memoWfm } from './wfm-memo.ts';
import type { CalendarAuth, TabRouteDeps } from './routes/tab-access.ts';
import { createLinkRoute } from './routes/tab-create.ts';
import { listLinksRoute } from './routes/tab-list.ts';
import { revokeLinkRoute } from './routes/tab-revoke.ts';
import { rotateLinkRoute } from './routes/tab-rotate.ts';

export type { CalendarAuth } from './routes/tab-access.ts';

function tabRoutes(deps: TabRouteDeps): AnyRoute[] {
  return [listLinksRoute(deps), createLinkRoute(deps), rotateLinkRoute(deps), revokeLinkRoute(deps)];
}

/** What the composition root hands the calendar capability. */
export interface CalendarDeps {
  config: AppConfig['calendar'];
  /** Entra tenant id; UIDs are scoped by it (by an installation id in local mode). */
  tenantId: string | undefined;
  store: Store;
  wfm: WfmAdapter;
  log: Logger;
  metrics: Metrics;
  /** Job engine: runs the Outlook push on a schedule when it is on. */
  jobs?: Jobs;
  /** The shared Graph client (rate limiter, Retry-After, circuit breaker); needed for push. */
  graph?: GraphClient;
  /** Clock (epoch ms) for the feed window, link expiry and rate limits; tests pin it. */
  now?: () => number;
  /** Public base URL: feed URLs handed out are built on it. */
  publicUrl: string;
  /**
   * With push on: how long after a WFM change a push run is queued (changes in between share
   * the run). Default 30 s.
   */
  pushDebounceMs?: number;
  /**
   * The tab's token validation. Without it only the feed itself is served (links can still be
   * managed through `services.links`).
   */
  auth?: CalendarAuth;
}

/** The calendar's services, for the tab API and the CLI. */
export interface CalendarServices {
  links: LinkService;
  feeds: FeedService;
  /** Present when `CALENDAR_PUSH=on` and a Graph client was given. */
  push?: OutlookPush;
  /** Pushes every mapped worker now (what the scheduled job runs). */
  pushAll?: () => Promise<PushReport[]>;
}

export interface CalendarModule {
  name: 'calendar';
  routes: AnyRoute[];
  services: CalendarServices;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

const INSTALL_ID_KEY = 'calendar.installId';
/** pg-boss queue of the Outlook push (stately: at most one run queued and one running). */
export const PUSH_QUEUE = 'calendar-push';

/**
 * Pushes every worker with an Entra mapping. One worker's failure is logged and does not stop
 * the others; the next run retries (writes are idempotent).
 */
async function pushAll(deps: CalendarDeps, push: OutlookPush): Promise<PushReport[]> {
  const reports: PushReport[] = [];
  // One view of the WFM for the whole run: each team's schedule is read once, not per worker.
  const reads = memoWfm(deps.wfm);
  for (const user of await listUserMappings(deps.store)) {
    const result = await push.pushUser(user.userId, user.wfmEmployeeId, reads);
    if (result.ok) reports.push(result.value);
    else deps.log.warn({ userId: user.userId, source: result.error.source, code: result.error.error.code }, 'calendar push failed');
  }
  return reports;
}

/**
 * UID scope: the tenant when known; otherwise a random id made once per installation and
 * kept in the store, so UIDs stay stable across restarts and differ between installations.
 */
function uidScope(store: Store, tenantId: string | undefined): () => Promise<string> {
  let cached: string | undefined = tenantId;
  return async () => {
    if (cached) return cached;
    const stored = await getSetting<string>(store, INSTALL_ID_KEY);
    if (stored) return (cached = stored);
    await store.query(
      `INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO NOTHING`,
      [INSTALL_ID_KEY, JSON.stringify(randomUUID())],
    );
    // ON CONFLICT DO NOTHING + read back: two first requests racing agree on one id.
    cached = await getSetting<string>(store, INSTALL_ID_KEY);
    if (!cached) throw new Error('calendar: could not persist the installation id');
    return cached;
  };
}

/** Cron for the push interval: minutes below an hour, else whole hours (rounded). */
export function pushCron(minutes: number): string {
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.min(24, Math.round(minutes / 60));
  return hours >= 24 ? '0 0 * * *' : `0 */${hours} * * *`;
}

/** Builds the calendar capability: feed route, link service, and (when on) Outlook push. */
export function createCalendarModule(deps: CalendarDeps): CalendarModule {
  const scope = uidScope(deps.store, deps.tenantId);
  const now = deps.now ?? Date.now;
  const links = createLinkService(deps.store, { defaultTtlDays: deps.config.linkTtlDays, now });
  const feeds = createFeedService({
    store: deps.store,
    wfm: deps.wfm,
    config: deps.config,
    uidScope: scope,
    now,
  });
  const limiter = createRateLimiter({ perHour: deps.config.feedRatePerHour, burst: deps.config.feedBurst, now });
  const requests = new Counter({
    name: 'calendar_feed_requests_total',
    help: 'Calendar feed requests by outcome.',
    labelNames: ['outcome'] as const,
    registers: [deps.metrics.registry],
  });
  const services: CalendarServices = { links, feeds };
  if (deps.config.push === 'on') {
    if (!deps.graph) throw new Error('calendar: CALENDAR_PUSH=on needs the Graph client');
    const push = createOutlookPush({
      store: deps.store,
      wfm: deps.wfm,
      graph: deps.graph,
      config: deps.config,
      uidScope: scope,
      log: deps.log,
      now,
    });
    const operations = new Counter({
      name: 'calendar_push_events_total',
      help: 'Outlook events the calendar push handled, by operation (created, updated, deleted, unchanged, failed).',
      labelNames: ['operation'] as const,
      registers: [deps.metrics.registry],
    });
    services.push = push;
    services.pushAll = async () => {
      const reports = await pushAll(deps, push);
      for (const r of reports) {
        for (const op of ['created', 'updated', 'deleted', 'unchanged', 'failed'] as const) operations.inc({ operation: op }, r[op]);
      }
      return reports;
    };
  }
  let unsubscribe: (() => void) | undefined;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  return {
    name: 'calendar',
    services,
    async start() {
      const { jobs } = deps;
      const run = services.pushAll;
      if (!run || !jobs) return;
      await jobs.boss.createQueue(PUSH_QUEUE, { name: PUSH_QUEUE, policy: 'stately' });
      await jobs.work(PUSH_QUEUE, {}, async () => {
        await run();
      });
      await jobs.boss.schedule(PUSH_QUEUE, pushCron(deps.config.pushIntervalMinutes));
      // Near real time as well: a WFM change queues a run soon after (the queue drops extras).
      unsubscribe = deps.wfm.subscribe?.(() => {
        if (debounce) return;
        debounce = setTimeout(() => {
          debounce = undefined;
          void jobs.boss.send(PUSH_QUEUE, {}).catch((err: unknown) => deps.log.warn({ err }, 'calendar push: could not queue a run'));
        }, deps.pushDebounceMs ?? 30_000);
      });
    },
    async stop() {
      unsubscribe?.();
      if (debounce) clearTimeout(debounce);
    },
    routes: [
      feedRoute({ links, feeds, limiter, count: (outcome) => requests.inc({ outcome }) }),
      ...(deps.auth ? tabRoutes({ auth: deps.auth, store: deps.store, wfm: deps.wfm, links, publicUrl: deps.publicUrl }) : []),
    ],
  };
}
