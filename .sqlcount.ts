import { PGlite } from '@electric-sql/pglite';
const counts = new Map<string, number>();
const times = new Map<string, number>();
let on = false;
for (const m of ['query', 'exec'] as const) {
  const orig = (PGlite.prototype as any)[m];
  (PGlite.prototype as any)[m] = function (sql: string, ...rest: unknown[]) {
    const k = m + ' ' + sql.replace(/\s+/g, ' ').slice(0, 90);
    if (on) counts.set(k, (counts.get(k) ?? 0) + 1);
    const t = performance.now();
    return orig.call(this, sql, ...rest).finally(() => { if (on) times.set(k, (times.get(k) ?? 0) + performance.now() - t); });
  };
}
{
  const origTx = (PGlite.prototype as any).transaction;
  (PGlite.prototype as any).transaction = function (fn: (tx: any) => unknown) {
    if (on) counts.set('BEGIN/COMMIT', (counts.get('BEGIN/COMMIT') ?? 0) + 1);
    return origTx.call(this, (tx: any) => {
      const wrapped = Object.create(tx);
      for (const m of ['query', 'exec']) wrapped[m] = (sql: string, ...rest: unknown[]) => {
        const k = 'tx.' + m + ' ' + sql.replace(/\s+/g, ' ').slice(0, 90);
        if (on) counts.set(k, (counts.get(k) ?? 0) + 1);
        const t = performance.now();
        return tx[m](sql, ...rest).finally(() => { if (on) times.set(k, (times.get(k) ?? 0) + performance.now() - t); });
      };
      return fn(wrapped);
    });
  };
}
const { buildApp } = await import('./connector/app.ts');
const { loadConfig } = await import('./connector/config/index.ts');
const { createEmbeddedWfm } = await import('./connector/wfm/index.ts');
const { encryptWfiPayload } = await import('./connector/crypto/index.ts');
const { DEMO_EMPLOYEES } = await import('./connector/wfm/embedded/demo.ts');
const { BROOKLYN, item, shiftBody, updatePath, WEBHOOK_ENV, seedBrooklynMappings } = await import('./tests/webhook/support.ts');
const config = loadConfig({ DATA_DIR: 'memory://', PORT: '0', EMULATOR_PORT: '0', LOG_LEVEL: 'silent', ...WEBHOOK_ENV }, { dotenv: false });
const app = await buildApp(config, {});
await createEmbeddedWfm({ store: app.store }).seed();
await seedBrooklynMappings(app.store);
const { port } = await app.listen(0, '127.0.0.1');
const people = DEMO_EMPLOYEES.filter((e) => e.wfmTeamId === BROOKLYN.wfmTeamId);
const base = new Date(); base.setUTCHours(0,0,0,0); base.setUTCDate(base.getUTCDate()+35);
const expires = new Date(Date.now() + 30 * 60_000).toISOString();
const N = 300;
await new Promise((r) => setTimeout(r, 2000));
on = true;
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const person = people[i % people.length]!; const day = Math.floor(i / people.length);
  const start = new Date(base.getTime() + day * 86_400_000 + 15 * 3_600_000).toISOString();
  const end = new Date(base.getTime() + day * 86_400_000 + 16 * 3_600_000).toISOString();
  const id = `SHFT_c_${i}`;
  const body = encryptWfiPayload(JSON.stringify({ requests: [item({ url: `/shifts/${id}`, expires, transactionId: `c-${i}`, body: shiftBody({ id, userId: person.userId, start, end, jobKey: person.jobKeys[0] }) })] }), WEBHOOK_ENV.WFI_SECRET);
  const res = await fetch(`http://127.0.0.1:${port}${updatePath()}`, { method: 'POST', body });
  const text = await res.text();
  if (i === 0) console.log(text.slice(0, 200));
}
const ms = performance.now() - t0;
on = false;
console.log('sequential ms/request', (ms / N).toFixed(2));
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log((v / N).toFixed(2), ((times.get(k) ?? 0) / N).toFixed(3) + 'ms', k);
await app.close();
process.exit(0);
