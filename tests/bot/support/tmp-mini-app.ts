// TEMPORARY while connector/app.ts does not load: composes store + jobs + bot + http.
import { alertMigrations, createAlertOutbox } from '../../../connector/alerts/index.ts';
import { mappingMigrations } from '../../../connector/mappings/index.ts';
import { createHttpServer } from '../../../connector/http/server.ts';
import { createJobs } from '../../../connector/jobs/index.ts';
import { createLogger } from '../../../connector/observability/log.ts';
import { createMetrics } from '../../../connector/observability/metrics.ts';
import { migrate, openStore, storeMigrations } from '../../../connector/store/index.ts';
import { botMigrations, createBotModule } from '../../../bot/index.ts';
import { testConfig } from '../../support/env.ts';

export async function startMini(env: Record<string, string> = {}) {
  const config = testConfig(env);
  const log = createLogger({ level: (process.env.BOT_LOG as 'info') ?? 'silent' });
  const metrics = createMetrics();
  const store = await openStore({ databaseUrl: undefined, dataDir: config.store.dataDir });
  await migrate(store, [...storeMigrations, ...alertMigrations, ...mappingMigrations, ...botMigrations]);
  const jobs = createJobs(store, log, { pollingIntervalSeconds: 0.5 });
  await jobs.start();
  const bot = createBotModule({ config, store, jobs, log, metrics, alerts: createAlertOutbox() });
  await bot.start();
  const http = createHttpServer(bot.routes, log, metrics);
  const { url } = await http.listen(0, '127.0.0.1');
  return {
    url,
    app: { store, config },
    close: async () => {
      await http.close();
      await bot.stop();
      await jobs.stop();
      await store.close();
    },
  };
}
