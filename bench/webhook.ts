/**
 * `npm run bench:webhook`: loopback load on POST /wfi/v1/teams/:teamId/update with valid
 * encrypted shift creations approved by the embedded WFM, and the same load on a floor server
 * that only decrypts, parses and answers. Prints requests/s and p50/p99 latency for both and
 * the ratio. Targets: >= 1,000 req/s, p99 < 20 ms, >= half the floor's throughput. Also prints
 * each server's CPU time per request and the share of the machine's CPU time the host stole
 * during each run (on a shared virtual machine the figures move with it).
 *
 * Options (environment): BENCH_REQUESTS (per server, default 6000), BENCH_CONNECTIONS (10),
 * BENCH_WARMUP (requests before measuring, default 1000), BENCH_STAFF (generated employees the
 * shifts are spread over besides the six demo ones, default 200), BENCH_DATABASE_URL (run the
 * connector on this PostgreSQL server, in a fresh schema, instead of the embedded PGlite store),
 * BENCH_DATA_DIR (the embedded store's folder; default a temporary one, `memory://` for memory),
 * BENCH_NODE_ARGS (extra node flags for both servers, e.g. `--cpu-prof --cpu-prof-dir=prof`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { encryptWfiPayload } from '../connector/crypto/index.ts';
import { item, shiftBody, updatePath, WEBHOOK_ENV } from '../tests/webhook/support.ts';
import { BENCH_PEOPLE } from './webhook-staff.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 6_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1_000);

/** One valid shift creation per (employee, day): no overlaps, rest and weekly hours respected. */
const people = BENCH_PEOPLE;

function shiftCreations(count: number, prefix: string, firstDay = 0): Buffer[] {
  const base = new Date();
  base.setUTCHours(0, 0, 0, 0);
  base.setUTCDate(base.getUTCDate() + 35);
  const expires = new Date(Date.now() + 30 * 60_000).toISOString();
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const person = people[i % people.length]!;
    const day = firstDay + Math.floor(i / people.length);
    const start = new Date(base.getTime() + day * 86_400_000 + 15 * 3_600_000).toISOString();
    const end = new Date(base.getTime() + day * 86_400_000 + 16 * 3_600_000).toISOString();
    const id = `SHFT_${prefix}_${i}`;
    const payload = { requests: [item({ url: `/shifts/${id}`, expires, transactionId: `${prefix}-${i}`, body: shiftBody({ id, userId: person.userId, start, end, jobKey: person.jobKey }) })] };
    out.push(encryptWfiPayload(JSON.stringify(payload), WEBHOOK_ENV.WFI_SECRET));
  }
  return out;
}

async function startServer(mode: 'app' | 'floor'): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('./webhook-server.ts', import.meta.url));
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', script, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    lines.on('line', (line) => {
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch {
        process.stdout.write(`[${mode}] ${line}\n`);
      }
    });
  });
  return { child, port };
}

/**
 * CPU seconds a process has used (user + system, all its threads), from /proc: a steadier
 * figure than requests/s on a shared machine. NaN where /proc is not available.
 */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * The machine's CPU counters (all cores, in ticks) from /proc/stat, or undefined where that is
 * not available. On a virtual machine `steal` is time the host gave to someone else: when it
 * is high, every figure of that run is low, whatever the code does.
 */
function machineTicks(): { total: number; steal: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return undefined;
  }
}

interface Figures {
  /** Server CPU time per measured request, in ms. */
  cpuMs?: number;
  /** Share of the machine's CPU time stolen by the host during the measured load, in %. */
  stealPct?: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  approved: number;
  rejected: number;
  total: number;
}

async function load(port: number, bodies: Buffer[]): Promise<Figures> {
  let next = 0;
  let approved = 0;
  let rejected = 0;
  // From the first request to the last answer: autocannon's own `duration` is whole seconds,
  // and it reports completion only on its next one-second tick, both too coarse here.
  const started = performance.now();
  let lastAnswer = started;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount: bodies.length,
    requests: [
      {
        method: 'POST',
        path: updatePath(),
        headers: { 'content-type': 'application/octet-stream' },
        setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
        onResponse: (status, body) => {
          lastAnswer = performance.now();
          if (status === 200 && body.includes('"status":200')) approved++;
          else rejected++;
        },
      },
    ],
  });
  return {
    rps: result.requests.total / ((lastAnswer - started) / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    approved,
    rejected,
    total: result.requests.total,
  };
}

/** Mean of a Prometheus summary/histogram (`_sum` / `_count`) in ms, over series matching `filter`. */
function meanMs(metrics: string, name: string, filter = ''): number {
  const pick = (suffix: string) =>
    metrics
      .split('\n')
      .filter((l) => l.startsWith(`${name}_${suffix}`) && l.includes(filter))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  const count = pick('count');
  return count === 0 ? NaN : (pick('sum') / count) * 1000;
}

async function measure(mode: 'app' | 'floor'): Promise<Figures & { breakdown?: string }> {
  const { child, port } = await startServer(mode);
  try {
    // Warm-up shifts take the first days; the measured ones start after them (no overlaps).
    await load(port, shiftCreations(WARMUP, `${mode}-warm`));
    const bodies = shiftCreations(REQUESTS, mode, Math.ceil(WARMUP / people.length) + 1);
    const cpuBefore = cpuSeconds(child.pid);
    const ticksBefore = machineTicks();
    const measured = await load(port, bodies);
    const figures: Figures = { ...measured, cpuMs: ((cpuSeconds(child.pid) - cpuBefore) * 1000) / measured.total };
    const ticksAfter = machineTicks();
    if (ticksBefore && ticksAfter && ticksAfter.total > ticksBefore.total) {
      figures.stealPct = (100 * (ticksAfter.steal - ticksBefore.steal)) / (ticksAfter.total - ticksBefore.total);
    }
    if (mode === 'floor') return figures;
    // Where the time goes: the WFM's own validate-and-apply versus the whole request.
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const request = meanMs(metrics, 'http_request_duration_seconds', 'update');
    const wfm = meanMs(metrics, 'wfi_webhook_wfm_apply_seconds');
    const batch = meanMs(metrics, 'wfi_webhook_group_commit_requests') / 1000;
    return {
      ...figures,
      breakdown: `mean server time per request ${request.toFixed(1)} ms, of which WFM apply ${wfm.toFixed(1)} ms; ${batch.toFixed(1)} requests per commit`,
    };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const fmt = (f: Figures) =>
  `${f.rps.toFixed(0).padStart(6)} req/s   p50 ${String(f.p50).padStart(3)} ms   p99 ${String(f.p99).padStart(3)} ms   server CPU ${f.cpuMs?.toFixed(2) ?? 'n/a'} ms/request   host steal ${f.stealPct?.toFixed(0) ?? 'n/a'} %   approved ${f.approved}/${f.total}   rejected ${f.rejected}   non-2xx ${f.non2xx}`;

const app = await measure('app');
const floor = await measure('floor');
const ratio = app.rps / floor.rps;
const store = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : process.env.BENCH_DATA_DIR?.startsWith('memory://') ? 'PGlite in memory' : 'PGlite on disk';
console.log(`webhook /update, ${REQUESTS} encrypted shift creations over ${people.length} people, ${CONNECTIONS} connections, loopback, store ${store}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`  connector (embedded WFM): ${fmt(app)}`);
console.log(`  floor (decrypt+parse):    ${fmt(floor)}`);
console.log(`  ratio connector/floor:    ${(ratio * 100).toFixed(1)} %`);
console.log(`  connector breakdown:      ${app.breakdown ?? 'n/a'}`);
console.log(
  `  targets: >= 1000 req/s ${app.rps >= 1000 ? 'met' : 'MISSED'}, p99 < 20 ms ${app.p99 < 20 ? 'met' : 'MISSED'}, >= 50 % of floor ${ratio >= 0.5 ? 'met' : 'MISSED'}`,
);
