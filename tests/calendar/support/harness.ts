import { Writable } from 'node:stream';
import { calendarMigrations, createCalendarModule, type CalendarModule } from '../../../connector/calendar/index.ts';
import type { CalendarAuth } from '../../../connector/calendar/index.ts';
import type { GraphClient } from '../../../connector/graph/index.ts';
import { createHttpServer, type HttpServer } from '../../../connector/http/server.ts';
import { createJobs } from '../../../connector/jobs/index.ts';
import { mappingMigrations } from '../../../connector/mappings/index.ts';
import { createLogger } from '../../../connector/observability/log.ts';
import { createMetrics, type Metrics } from '../../../connector/observability/metrics.ts';
import { migrate, openStore, storeMigrations, type Store } from '../../../connector/store/index.ts';
import { createEmbeddedWfm, embeddedWfmMigrations, type EmbeddedWfm, type WfmAdapter, type WfmShift } from '../../../connector/wfm/index.ts';
import { TEST_DATABASE_URL, testConfig, uniqueSchema } from '../../support/env.ts';

/** A clock tests move by hand; the WFM and the calendar read the same one. */
export interface TestClock {
  now: number;
}

export interface CalendarHarness {
  store: Store;
  wfm: EmbeddedWfm;
  calendar: CalendarModule;
  clock: TestClock;
  url: string;
  metrics: Metrics;
  /** Everything the calendar logged (to check that tokens never appear). */
  logs: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  backend?: 'pglite' | 'postgres';
  /** When the demo WFM is seeded (its shifts land in that week and the next). */
  seedAt: number;
  env?: Record<string, string>;
  tenantId?: string;
  graph?: GraphClient;
  auth?: CalendarAuth;
  /** Run the job engine and start the module (scheduled and change-triggered push). */
  jobs?: boolean;
  pushDebounceMs?: number;
  /** The adapter the calendar reads through (default: the embedded WFM itself). */
  adapter?: (embedded: EmbeddedWfm) => Promise<WfmAdapter>;
}

/**
 * The calendar capability on real parts: a store (PGlite or PostgreSQL) with the embedded WFM
 * seeded with the demo, the calendar module, and its routes on a real loopback HTTP server.
 */
export async function startCalendar(options: HarnessOptions): Promise<CalendarHarness> {
  const backend = options.backend ?? 'pglite';
  const store =
    backend === 'postgres'
      ? await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: 'memory://', schema: uniqueSchema('cal') })
      : await openStore({ dataDir: 'memory://' });
  await migrate(store, [...storeMigrations, ...mappingMigrations, ...embeddedWfmMigrations, ...calendarMigrations]);
  const clock: TestClock = { now: options.seedAt };
  const wfm = createEmbeddedWfm({ store, now: () => new Date(clock.now) });
  await wfm.seed();
  for (const team of ['store-bkn', 'store-cmd']) {
    // The tests write shifts wherever the DST changes fall: relax the weekly and rest limits.
    const relaxed = await wfm.setTeamRules(team, { maxWeeklyHours: 168, minRestHours: 0 });
    if (!relaxed.ok) throw new Error(relaxed.error.message);
  }
  const logs: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    }),
  });
  const metrics = createMetrics();
  const config = testConfig(options.env ?? {});
  const jobs = options.jobs ? createJobs(store, log, { pollingIntervalSeconds: 0.5 }) : undefined;
  await jobs?.start();
  const calendar = createCalendarModule({
    config: config.calendar,
    tenantId: options.tenantId,
    store,
    wfm: options.adapter ? await options.adapter(wfm) : wfm,
    log,
    metrics,
    publicUrl: 'https://connector.example',
    now: () => clock.now,
    ...(options.graph ? { graph: options.graph } : {}),
    ...(jobs ? { jobs } : {}),
    ...(options.pushDebounceMs !== undefined ? { pushDebounceMs: options.pushDebounceMs } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
  });
  await calendar.start?.();
  const http: HttpServer = createHttpServer(calendar.routes, log, metrics);
  const { url } = await http.listen(0, '127.0.0.1');
  return {
    store,
    wfm,
    calendar,
    clock,
    url,
    metrics,
    logs,
    async close() {
      await http.close();
      await calendar.stop?.();
      await jobs?.stop();
      await store.close();
    },
  };
}

/** Creates one shift as the WFM itself and returns it as the WFM now has it. */
export async function createShift(
  h: CalendarHarness,
  teamId: string,
  data: { employeeId: string; jobId: string | null; start: string; end: string; notes?: string | null; label?: string | null; activities?: WfmShift['activities'] },
): Promise<WfmShift> {
  const r = await h.wfm.applyAsWfm(teamId, [
    {
      kind: 'shift.create',
      data: { label: null, notes: null, theme: 'blue', activities: [], ...data },
    },
  ]);
  if (!r.ok) throw new Error(`shift.create: ${r.error.code} ${r.error.message}`);
  const id = r.value[0]!.id;
  const all = await h.wfm.listShifts(teamId, { start: data.start, end: data.end });
  if (!all.ok) throw new Error(all.error.message);
  return all.value.find((s) => s.id === id)!;
}

/** Applies commands as the WFM and fails loudly on a rule violation. */
export async function applyOk(h: CalendarHarness, teamId: string, commands: unknown[]): Promise<void> {
  const r = await h.wfm.applyAsWfm(teamId, commands);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
}

/** Issues a subscription link for an employee and returns its feed URL. */
export async function feedUrlFor(h: CalendarHarness, employeeId: string): Promise<{ url: string; token: string; linkId: string }> {
  const created = await h.calendar.services.links.create({ employeeId, createdByUserId: null });
  if (!created.ok) throw new Error(created.error.message);
  const issued = created.value;
  return { url: `${h.url}/calendar/${issued.token}.ics`, token: issued.token, linkId: issued.link.id };
}
