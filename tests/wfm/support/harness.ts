/**
 * Builds the adapters the contract suite runs against, on a real store: the embedded WFM
 * directly, and the HTTP adapter talking over loopback HTTP to the WFM API server backed by
 * another embedded WFM. Both are seeded with the demo at a pinned clock.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createHttpServer } from '../../../connector/http/server.ts';
import { createLogger } from '../../../connector/observability/log.ts';
import { createMetrics } from '../../../connector/observability/metrics.ts';
import { migrate, openStore, storeMigrations, type Store } from '../../../connector/store/index.ts';
import type { Actor, ShiftInput, WfmAdapter } from '../../../connector/wfm/contract.ts';
import { createEmbeddedWfm, embeddedWfmMigrations, type EmbeddedWfm } from '../../../connector/wfm/embedded/index.ts';
import { createHttpWfmAdapter } from '../../../connector/wfm/http/adapter.ts';
import { wfmApiRoutes } from '../../../connector/wfm/http-server/index.ts';
import { addDays, localDate, parseDate, weekStart, zonedTimeToUtc } from '../../../connector/wfm/time.ts';
import { STORE_BACKENDS, TEST_DATABASE_URL, uniqueSchema } from '../../support/env.ts';

export type AdapterKind = 'embedded' | 'http';
export const ADAPTER_KINDS: AdapterKind[] = ['embedded', 'http'];

/** Where the contract suite runs: both adapters on PGlite, and the embedded WFM on PostgreSQL when available. */
export const CONTRACT_TARGETS: Array<{ kind: AdapterKind; backend: 'pglite' | 'postgres' }> = [
  ...ADAPTER_KINDS.map((kind) => ({ kind, backend: 'pglite' as const })),
  ...STORE_BACKENDS.filter((b) => b === 'postgres').map((backend) => ({ kind: 'embedded' as const, backend })),
];

export const silentLog = createLogger({ level: 'silent' });

export interface Harness {
  adapter: WfmAdapter;
  /** The embedded WFM holding the data (behind HTTP for the `http` kind). */
  backing: EmbeddedWfm;
  store: Store;
  clock: { now: Date };
  /** Empties the WFM and seeds the demo again (fast; the store and server stay up). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const WFM_TABLES = 'wfm_changes, wfm_requests, wfm_times_off, wfm_open_shifts, wfm_shifts, wfm_jobs, wfm_employees, wfm_reasons, wfm_teams';

async function reseed(store: Store, backing: EmbeddedWfm): Promise<void> {
  await store.exec(`TRUNCATE ${WFM_TABLES} RESTART IDENTITY CASCADE`);
  await backing.seed();
}

/** A migrated store with the embedded WFM's tables. */
export async function openWfmStore(backend: 'pglite' | 'postgres' = 'pglite'): Promise<Store> {
  const store =
    backend === 'postgres'
      ? await openStore({ databaseUrl: TEST_DATABASE_URL!, dataDir: 'memory://', schema: uniqueSchema('wfm') })
      : await openStore({ dataDir: 'memory://' });
  await migrate(store, [...storeMigrations, ...embeddedWfmMigrations]);
  return store;
}

export async function createHarness(kind: AdapterKind, now: Date, backend: 'pglite' | 'postgres' = 'pglite'): Promise<Harness> {
  const store = await openWfmStore(backend);
  const clock = { now };
  const backing = createEmbeddedWfm({ store, now: () => clock.now });
  await backing.seed();
  const reset = async () => {
    clock.now = now;
    await reseed(store, backing);
  };
  if (kind === 'embedded') return { adapter: backing, backing, store, clock, reset, close: () => store.close() };

  const server = createHttpServer(wfmApiRoutes(backing, { prefix: '/wfm-api/v1', apiKeys: ['contract-key'] }), silentLog, createMetrics());
  const { url } = await server.listen(0, '127.0.0.1');
  const adapter = createHttpWfmAdapter({
    baseUrl: `${url}/wfm-api/v1`,
    auth: { kind: 'apiKey', apiKey: 'contract-key' },
    log: silentLog,
    timeoutMs: 5000,
  });
  return {
    adapter,
    backing,
    store,
    clock,
    reset,
    async close() {
      await server.close();
      await store.close();
    },
  };
}

/**
 * One harness for the enclosing suite, with the demo seeded afresh before each test: registers
 * the suite's hooks and returns a handle that reaches the harness once `beforeAll` has run.
 */
export function useHarness(kind: AdapterKind, now: Date, backend: 'pglite' | 'postgres' = 'pglite'): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await createHarness(kind, now, backend);
  });
  beforeEach(async () => {
    await current!.reset();
  });
  afterAll(async () => {
    await current?.close();
  });
  const get = () => {
    if (!current) throw new Error('The WFM harness is used before its suite started.');
    return current;
  };
  return {
    get adapter() {
      return get().adapter;
    },
    get backing() {
      return get().backing;
    },
    get store() {
      return get().store;
    },
    get clock() {
      return get().clock;
    },
    reset: () => get().reset(),
    close: () => get().close(),
  };
}

/**
 * Day `d` (0 = Monday of week 6) at a local time: weeks 6 and 7 are empty in the demo, so a
 * short shift there breaks no rule.
 */
export const emptyWeeksDay = (now: Date, zone: string) => (d: number, time: string) => at(now, zone, 6 + Math.floor(d / 7), d % 7, time);

/**
 * The UTC ISO instant of a local wall-clock time in the demo's relative calendar: week 0 is
 * the week of `now` in the zone, weekday 0 is Monday.
 */
export function at(now: Date, zone: string, week: number, weekday: number, time: string): string {
  const date = addDays(weekStart(localDate(now.getTime(), zone)), week * 7 + weekday);
  const [h, m] = time.split(':').map(Number);
  return new Date(zonedTimeToUtc(parseDate(date), { hour: h!, minute: m! }, zone)).toISOString();
}

/** Wall-clock ISO for a concrete local date. */
export function local(date: string, time: string, zone: string): string {
  const [h, m] = time.split(':').map(Number);
  return new Date(zonedTimeToUtc(parseDate(date), { hour: h!, minute: m! }, zone)).toISOString();
}

/** A manager acting without a Shifts user (the embedded WFM's own suites). */
export const MANAGER_ACTOR: Actor = { employeeId: null, role: 'manager', userId: null };

/** A plain blue shift without job, label, notes or breaks. */
export const plainShift = (employeeId: string, start: string, end: string): ShiftInput => ({
  employeeId,
  jobId: null,
  start,
  end,
  label: null,
  notes: null,
  theme: 'blue',
  activities: [],
});
