import { randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';
import type { AppConfig } from '../config/index.ts';
import type { AnyRoute } from '../http/types.ts';
import type { Logger } from '../observability/log.ts';
import type { Metrics } from '../observability/metrics.ts';
import { getSetting, type Store } from '../store/index.ts';
import type { WfmAdapter } from '../wfm/contract.ts';
import { createFeedService, type FeedService } from './feed.ts';
import { createLinkService, type LinkService } from './links.ts';
import { createRateLimiter } from './rate-limit.ts';
import { feedRoute } from './routes/feed.ts';

/** What the composition root hands the calendar capability. */
export interface CalendarDeps {
  config: AppConfig['calendar'];
  /** Entra tenant id; UIDs are scoped by it (by an installation id in local mode). */
  tenantId: string | undefined;
  store: Store;
  wfm: WfmAdapter;
  log: Logger;
  metrics: Metrics;
  /** Extra routes built on the calendar's services (the tab's link endpoints). */
  extraRoutes?: (services: CalendarServices) => AnyRoute[];
}

/** The calendar's services, for the tab API and the CLI. */
export interface CalendarServices {
  links: LinkService;
  feeds: FeedService;
}

export interface CalendarModule {
  name: 'calendar';
  routes: AnyRoute[];
  services: CalendarServices;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

const INSTALL_ID_KEY = 'calendar.installId';

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

/** Builds the calendar capability: feed route, link service, and (when on) Outlook push. */
export function createCalendarModule(deps: CalendarDeps): CalendarModule {
  const links = createLinkService(deps.store, { defaultTtlDays: deps.config.linkTtlDays });
  const feeds = createFeedService({
    store: deps.store,
    wfm: deps.wfm,
    config: deps.config,
    uidScope: uidScope(deps.store, deps.tenantId),
  });
  const limiter = createRateLimiter({ perHour: deps.config.feedRatePerHour, burst: deps.config.feedBurst });
  const requests = new Counter({
    name: 'calendar_feed_requests_total',
    help: 'Calendar feed requests by outcome.',
    labelNames: ['outcome'] as const,
    registers: [deps.metrics.registry],
  });
  const services: CalendarServices = { links, feeds };
  return {
    name: 'calendar',
    services,
    routes: [
      feedRoute({ links, feeds, limiter, count: (outcome) => requests.inc({ outcome }) }),
      ...(deps.extraRoutes?.(services) ?? []),
    ],
  };
}
