import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config/index.ts';
import { DataDirInUseError } from './store/index.ts';

/**
 * Process entry point: validate config (exit 2 with one line on error), build the app,
 * listen, and stop gracefully on SIGTERM/SIGINT within 10 s.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  let app;
  try {
    app = await buildApp(config);
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const { url } = await app.listen(config.server.port);
  app.log.info({ url, localMode: config.localMode, store: app.store.kind }, 'shifts-connector listening');
  if (config.localMode) {
    process.stdout.write(
      [
        '',
        `  Shifts connector running in local mode at ${url}`,
        `    health:   ${url}/healthz   readiness: ${url}/readyz   metrics: ${url}/metrics`,
        '',
      ].join('\n') + '\n',
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => {
      process.stderr.write('shutdown took longer than 10 s; exiting\n');
      process.exit(1);
    }, 10_000);
    hardStop.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        process.stderr.write(`error during shutdown: ${(err as Error).message}\n`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
