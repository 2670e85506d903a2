/**
 * The servers `npm run bench:webhook` loads, each in its own process so the load generator
 * does not share their event loop:
 * - `app`: the real connector (PGlite in memory or `BENCH_DATABASE_URL`, embedded WFM seeded,
 *   Brooklyn mapped, plus the generated bench staff);
 * - `floor`: the same HTTP stack with one route that only decrypts, parses and answers.
 * Prints one JSON line `{ "port": n }` when ready.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../connector/app.ts';
import { loadConfig } from '../connector/config/index.ts';
import { decryptWfiPayload } from '../connector/crypto/index.ts';
import { AppError } from '../connector/errors.ts';
import { createHttpServer } from '../connector/http/server.ts';
import { createMetrics } from '../connector/observability/metrics.ts';
import { createEmbeddedWfm } from '../connector/wfm/index.ts';
import { seedBrooklynMappings, WEBHOOK_ENV } from '../tests/webhook/support.ts';
import { seedBenchStaff } from './webhook-staff.ts';

const mode = process.argv[2];

async function startApp(): Promise<number> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  // The embedded store on disk, as deployments run it (BENCH_DATA_DIR=memory:// keeps it in memory).
  const dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'bench-webhook-'));
  const env = { DATA_DIR: dataDir, PORT: '0', EMULATOR_PORT: '0', LOG_LEVEL: 'silent', ...WEBHOOK_ENV, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  const config = loadConfig(env, { dotenv: false });
  // A fresh schema per run on PostgreSQL, so runs never see each other's shifts.
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const app = await buildApp(config, databaseUrl ? { storeSchema: schema, jobsSchema: `${schema}_jobs` } : {});
  await createEmbeddedWfm({ store: app.store }).seed();
  await seedBrooklynMappings(app.store);
  await seedBenchStaff(app.store);
  const { port } = await app.listen(0, '127.0.0.1');
  process.once('SIGTERM', () => {
    void (async () => {
      await app.close();
      if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
      if (databaseUrl) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
        await client.end();
      }
      process.exit(0);
    })();
  });
  return port;
}

async function startFloor(): Promise<number> {
  const secrets = [WEBHOOK_ENV.WFI_SECRET];
  const server = createHttpServer(
    [
      {
        method: 'POST',
        path: '/wfi/v1/teams/:teamId/update',
        handler: async (req) => {
          const r = decryptWfiPayload(await req.body(), secrets);
          if (!r.ok) throw new AppError('unauthorized', 'The request body could not be authenticated.');
          const payload = JSON.parse(r.value.plaintext.toString('utf8')) as { requests: Array<{ id: string }> };
          return {
            status: 200,
            json: { responses: payload.requests.map((i) => ({ id: i.id, status: 200, body: { eTag: randomUUID(), error: null, data: null } })) },
          };
        },
      },
    ],
    pino({ level: 'silent' }),
    createMetrics(),
  );
  const { port } = await server.listen(0, '127.0.0.1');
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
  return port;
}

const port = mode === 'floor' ? await startFloor() : mode === 'app' ? await startApp() : undefined;
if (port === undefined) {
  console.error('usage: webhook-server.ts app|floor');
  process.exit(2);
}
console.log(JSON.stringify({ port }));
