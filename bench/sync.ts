/**
 * `npm run bench:sync`: the sync benchmark at Graph's documented limits, for N teams and each
 * of several M (shifts per team), every configuration in a fresh process (`bench/sync-run.ts`,
 * with `--expose-gc`) so their memory starts from the same baseline. Prints each run's report
 * (utilisation, 429s, Graph requests per changed entity, writes for unchanged entities, live
 * heap) and then whether memory grows with M: the live heap retained above the baseline, and the
 * peak live heap during the initial sync, compared across M. Not a test: it only measures.
 *
 *   npm run bench:sync                                   # 8 teams × 150 and × 600 shifts
 *   BENCH_TEAMS=2 BENCH_SHIFTS=300,1200 npm run bench:sync
 *   BENCH_DATABASE_URL=postgres://... keeps the store out of this process's memory.
 *   BENCH_HEAP_SNAPSHOT=/tmp writes a heap snapshot after each configuration.
 */
import { spawn } from 'node:child_process';

interface PhaseResult {
  name: string;
  heapAfter: number;
  peakHeap: number;
  peakRss: number;
}
interface RunResult {
  teams: number;
  shifts: number;
  baselineHeap: number;
  phases: PhaseResult[];
}

const teams = process.env.BENCH_TEAMS ?? '8';
const shifts = (process.env.BENCH_SHIFTS ?? '150,600').split(',').map((s) => s.trim()).filter(Boolean);

function runOne(m: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', new URL('./sync-run.ts', import.meta.url).pathname], {
      env: { ...process.env, BENCH_TEAMS: teams, BENCH_SHIFTS: m },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    let result: RunResult | null = null;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const l = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (l.startsWith('RESULT ')) result = JSON.parse(l.slice(7)) as RunResult;
        else process.stdout.write(`${l}\n`);
      }
    });
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`benchmark run with ${m} shifts exited with ${String(code)}`))));
  });
}

const results: RunResult[] = [];
for (const m of shifts) results.push(await runOne(m));

if (results.length >= 2) {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  const first = results[0]!;
  const last = results[results.length - 1]!;
  const phaseOf = (r: RunResult, name: string) => r.phases.find((p) => p.name === name)!;
  const retained = (r: RunResult) => phaseOf(r, 'reconcile, nothing changed').heapAfter - r.baselineHeap;
  const peak = (r: RunResult) => phaseOf(r, 'initial').peakHeap - r.baselineHeap;
  const entities = (r: RunResult) => r.teams * r.shifts;
  const out = ['', `memory against M (${teams} teams; live heap above each run's baseline):`];
  for (const r of results) {
    out.push(`  M = ${String(r.shifts).padStart(5)}: retained after all phases ${mb(retained(r)).padStart(9)}, peak during the initial sync ${mb(peak(r)).padStart(9)}`);
  }
  const ratio = (a: number, b: number) => (Math.abs(b) < 1 ? 'n/a' : (a / b).toFixed(2));
  out.push(
    `  M grew ×${(last.shifts / first.shifts).toFixed(2)}: retained memory ×${ratio(retained(last), retained(first))}, peak ×${ratio(peak(last), peak(first))}`,
    `  per extra entity (${entities(last) - entities(first)} more): retained ${((retained(last) - retained(first)) / (entities(last) - entities(first))).toFixed(0)} bytes, ` +
      `peak ${((peak(last) - peak(first)) / (entities(last) - entities(first))).toFixed(0)} bytes`,
    '',
  );
  process.stdout.write(out.join('\n'));
}
