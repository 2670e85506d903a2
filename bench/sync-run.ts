/**
 * One configuration of the sync benchmark (`bench/sync.ts` starts it in a fresh process per
 * configuration, so every measurement starts from the same baseline): initial sync of N teams ×
 * M shifts against the emulator throttled at Graph's documented limits (4 rps per team, 30
 * writes/s per tenant), a round of 5% changes, then a full reconcile with nothing changed.
 *
 * Memory is measured on the live heap, never on `heapUsed` between collections (that is
 * whatever garbage the collector has not reclaimed yet): the process must run with
 * `--expose-gc`; `gc()` runs at fixed points (baseline after setup, after each phase) and every
 * 2 s during the phases, whose maximum is the peak live heap (a full collection blocks the
 * event loop for up to ~100 ms on a busy machine: sampling more often costs throughput; the
 * time spent is printed per phase). Prints a human report and one `RESULT {json}` line for the
 * driver.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { allMigrations } from '../connector/app.ts';
import { createAlertOutbox } from '../connector/alerts/index.ts';
import { loadConfig } from '../connector/config/index.ts';
import { createJobs } from '../connector/jobs/index.ts';
import { upsertTeamMapping, upsertUserMapping } from '../connector/mappings/index.ts';
import { createLogger } from '../connector/observability/log.ts';
import { createMetrics } from '../connector/observability/metrics.ts';
import { migrate, openStore } from '../connector/store/index.ts';
import { createSyncModule } from '../connector/sync/index.ts';
import { syntheticWfm } from './sync-wfm.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  process.stderr.write('bench/sync-run.ts needs --expose-gc (run it through `npm run bench:sync`)\n');
  process.exit(2);
}
/** Event-loop time spent in forced collections: the measurement's own cost to throughput. */
let gcMs = 0;
const collect = () => {
  const t = performance.now();
  gc();
  gcMs += performance.now() - t;
};
/** Live heap: two collections, so objects freed by finalisers of the first go too. */
const liveHeap = () => {
  collect();
  collect();
  return process.memoryUsage();
};

const N = Number(process.env.BENCH_TEAMS ?? 8);
const M = Number(process.env.BENCH_SHIFTS ?? 150);
const DAYS = 14;
const TENANT = '5b0d7c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e';
// An Entra application id is a GUID (the config refuses anything else).
const CLIENT_ID = '7d3c2b1a-0f9e-4d8c-9b7a-6e5f4d3c2b1a';
const CLIENT_SECRET = 'bench-secret';
const WFI_ID = 'WFI_bench';
const WFI_SECRET = 'c'.repeat(64);
const LIMITS = { perTeam: 4, tenantWrites: 30 };

const today = new Date();
const todayMs = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
const wfm = syntheticWfm(N, M, DAYS, todayMs);
const userOf = (employeeId: string) => `u-${employeeId}`;

// Directory for the emulator: one team per store, its employees as members.
const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
const seedFile = join(dir, 'seed.json');
const users = Array.from({ length: N }, (_, t) => wfm.employeesOf(t)).flat();
writeFileSync(
  seedFile,
  JSON.stringify({
    users: users.map((e) => ({ id: userOf(e), displayName: e, userPrincipalName: `${e.toLowerCase()}@bench.example` })),
    teams: Array.from({ length: N }, (_, t) => ({
      id: `team-${t}`,
      displayName: `Bench store ${t}`,
      ownerIds: [userOf(wfm.employeesOf(t)[0]!)],
      memberIds: wfm.employeesOf(t).map(userOf),
      schedule: { timeZone: 'UTC' },
    })),
  }),
);

const child = spawn(process.execPath, ['--import', 'tsx', new URL('./sync-emulator.ts', import.meta.url).pathname], {
  env: { ...process.env, BENCH_SEED: seedFile, BENCH_TENANT: TENANT, BENCH_CLIENT_ID: CLIENT_ID, BENCH_CLIENT_SECRET: CLIENT_SECRET, BENCH_WFI_ID: WFI_ID, BENCH_WFI_SECRET: WFI_SECRET },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const emulatorUrl = await new Promise<string>((resolve, reject) => {
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const m = /READY (\S+)/.exec(buf);
    if (m) resolve(m[1]!);
  });
  child.on('exit', (code) => reject(new Error(`emulator exited with ${String(code)}`)));
});

const config = loadConfig(
  {
    DATA_DIR: 'memory://',
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    PORT: '0',
    LOG_LEVEL: 'warn',
    CLIENT_ID,
    CLIENT_SECRET,
    TENANT_ID: TENANT,
    PUBLIC_URL: 'http://127.0.0.1:9',
    WFI_ID,
    WFI_SECRET,
    GRAPH_BASE_URL: emulatorUrl,
    AUTHORITY_HOST: emulatorUrl,
    SYNC_AUTOMATIC: 'false',
    SYNC_CONCURRENCY: String(N),
    SYNC_WINDOW_DAYS: String(DAYS),
  },
  { dotenv: false },
);
const log = createLogger({ level: 'warn' });
const schema = `bench_${process.pid}`;
const store = await openStore({ databaseUrl: config.store.databaseUrl, dataDir: 'memory://', ...(config.store.databaseUrl ? { schema } : {}) });
await migrate(store, allMigrations());
const jobs = createJobs(store, log, config.store.databaseUrl ? { schema: `${schema}_jobs` } : {});
await jobs.start();
const sync = createSyncModule({ config, store, jobs, log, metrics: createMetrics(), alerts: createAlertOutbox(), wfm, automatic: false });
await sync.start();
for (let t = 0; t < N; t++) {
  await upsertTeamMapping(store, { teamId: `team-${t}`, wfmTeamId: `bench-${t}`, timeZone: 'UTC', ownerUserId: null, managerUserIds: [], enabled: true });
}
for (const e of users) await upsertUserMapping(store, { userId: userOf(e), wfmEmployeeId: e, displayName: e, upn: null });

// Warm-up outside the measurement: one token and one schedule read, so code paths that are
// compiled on first use (MSAL, the Graph SDK, undici) are in the baseline, not in the deltas.
await sync.graph.request({ method: 'GET', path: '/teams/team-0/schedule', teamId: 'team-0' });
const baseline = liveHeap();

interface Phase {
  name: string;
  seconds: number;
  writes: number;
  reads: number;
  throttled: number;
  roundTrips: number;
  failed: number;
  /** Live heap after the phase (after gc), bytes. */
  heapAfter: number;
  /** Highest live heap sampled during the phase (gc every 2 s), bytes. */
  peakHeap: number;
  peakRss: number;
  /** Seconds of the phase the sampler's forced collections blocked the event loop. */
  gcSeconds: number;
}

async function phase(name: string, kind: 'initial' | 'incremental' | 'reconcile'): Promise<Phase> {
  let peakHeap = 0;
  let peakRss = 0;
  const gcBefore = gcMs;
  const sample = () => {
    collect();
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const sampler = setInterval(sample, 2000);
  const before = { ...sync.graph.stats };
  const t0 = performance.now();
  const runs = await Promise.all(Array.from({ length: N }, (_, t) => sync.runNow(`team-${t}`, kind, { full: kind !== 'incremental' })));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const gcSeconds = (gcMs - gcBefore) / 1000;
  const s = sync.graph.stats;
  for (const r of runs) if (r.state !== 'succeeded') process.stderr.write(`run ${r.teamId}: ${r.state} ${r.error ?? ''}\n`);
  const after = liveHeap();
  return {
    name,
    seconds,
    writes: s.writes + s.deletes - before.writes - before.deletes,
    reads: s.reads - before.reads,
    throttled: s.throttled - before.throttled,
    roundTrips: s.requests - before.requests,
    failed: runs.reduce((n, r) => n + Object.values(r.counts).reduce((m, c) => m + (c.failed ?? 0), 0), 0),
    heapAfter: after.heapUsed,
    peakHeap: Math.max(peakHeap, after.heapUsed),
    peakRss: Math.max(peakRss, after.rss),
    gcSeconds,
  };
}

const budget = Math.min(LIMITS.tenantWrites, LIMITS.perTeam * N);
const initial = await phase('initial', 'initial');
const changed = wfm.changeShare(0.05);
const changes = await phase('5% changes', 'incremental');
const reconcile = await phase('reconcile, nothing changed', 'reconcile');
if (process.env.BENCH_HEAP_SNAPSHOT) process.stderr.write(`heap snapshot: ${writeHeapSnapshot(join(process.env.BENCH_HEAP_SNAPSHOT, `sync-${N}x${M}.heapsnapshot`))}\n`);

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const signedMb = (n: number) => `${n >= 0 ? '+' : '−'}${mb(Math.abs(n))}`;
const line = (p: Phase) =>
  `${p.name.padEnd(28)} ${p.seconds.toFixed(1).padStart(7)} s (${p.gcSeconds.toFixed(1)} s forced gc)  writes ${String(p.writes).padStart(6)}  reads ${String(p.reads).padStart(4)}  ` +
  `writes/s ${(p.writes / p.seconds).toFixed(1).padStart(5)}  429s ${String(p.throttled).padStart(3)}  round trips ${String(p.roundTrips).padStart(5)}  failed ${p.failed}`;
const memLine = (p: Phase) =>
  `${p.name.padEnd(28)} live heap after ${mb(p.heapAfter).padStart(9)} (${signedMb(p.heapAfter - baseline.heapUsed)})  ` +
  `peak live heap ${mb(p.peakHeap).padStart(9)} (${signedMb(p.peakHeap - baseline.heapUsed)})  peak rss ${mb(p.peakRss)}`;
const phases = [initial, changes, reconcile];
const out = [
  '',
  `sync benchmark: ${N} teams × ${M} shifts (window ${DAYS} days), Graph limits ${LIMITS.perTeam} rps/team, ${LIMITS.tenantWrites} writes/s/tenant`,
  `store: ${store.kind}; emulator in its own process`,
  ...phases.map(line),
  '',
  `initial: ${(initial.writes / initial.seconds).toFixed(1)} writes/s of a ${budget} writes/s budget = ${((100 * initial.writes) / initial.seconds / budget).toFixed(0)}% utilisation`,
  `changes: ${changed} entities changed, ${changes.writes} writes = ${(changes.writes / changed).toFixed(2)} writes per changed entity, ` +
    `${((changes.writes + changes.reads) / changed).toFixed(2)} Graph requests per changed entity (${changes.roundTrips} HTTP round trips)`,
  `unchanged: ${reconcile.writes} writes for ${N * M} unchanged shifts`,
  `429s received: ${initial.throttled + changes.throttled + reconcile.throttled}`,
  `memory (live heap after gc): baseline after setup ${mb(baseline.heapUsed)}, rss ${mb(baseline.rss)}`,
  ...phases.map(memLine),
  '',
];
process.stdout.write(out.join('\n'));
const result = {
  teams: N,
  shifts: M,
  store: store.kind,
  budget,
  utilisation: initial.writes / initial.seconds / budget,
  changed,
  baselineHeap: baseline.heapUsed,
  baselineRss: baseline.rss,
  phases,
};
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);

await sync.stop();
await jobs.stop();
await store.close();
child.kill('SIGTERM');
