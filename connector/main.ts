import { buildApp, type App } from './app.ts';
import { ConfigError, loadConfig, type AppConfig } from './config/index.ts';
import { DataDirInUseError } from './store/index.ts';
import { tokenTenant } from './sync/index.ts';
import { main as cliMain } from './cli/main.ts';
import { controlSocketPath, startControlServer, type ControlServer } from './cli/control.ts';
import { preregisterLocalIntegration, registerLocalIntegration, startLocalEmulator, type Emulator } from '../emulator/index.ts';

/**
 * Process entry point: validate config (exit 2 with one line on error), build the app,
 * listen, and stop gracefully on SIGTERM/SIGINT within 10 s — also while still starting.
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  // Whatever has started so far, closed in reverse order on shutdown. The signal handlers are
  // installed before anything starts, so a SIGTERM during start-up still shuts down cleanly.
  let app: App | undefined;
  let emulator: Emulator | undefined;
  let control: ControlServer | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app?.log.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => {
      process.stderr.write('shutdown took longer than 10 s; exiting\n');
      process.exit(1);
    }, 10_000);
    hardStop.unref();
    (async () => {
      await control?.close();
      await app?.close();
      await emulator?.close();
    })()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        process.stderr.write(`error during shutdown: ${(err as Error).message}\n`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  // Local mode: the Shifts emulator (Graph, Entra, Shifts callbacks) runs in this process on
  // EMULATOR_PORT, seeded with the embedded WFM's demo teams, before the app starts.
  if (config.localMode) {
    emulator = await startLocalEmulator({
      port: config.emulator.port,
      tenantId: tokenTenant(config),
      clientId: config.graph.clientId ?? 'local-connector',
      clientSecret: config.graph.clientSecret ?? '',
      ...(config.store.dataDir.startsWith('memory://') ? {} : { statePath: `${config.store.dataDir}/emulator-state.json` }),
    });
    // Registered up front (as an administrator would have), so the first sync finds it.
    preregisterLocalIntegration(emulator, { url: `${config.server.publicUrl}/wfi`, secret: config.wfi.secrets[0] ?? '', id: config.wfi.id });
  }
  if (stopping) return;

  try {
    app = await buildApp(config);
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      process.stderr.write(`${err.message}\n`);
      await emulator?.close();
      process.exit(2);
    }
    throw err;
  }
  if (stopping) {
    await app.close();
    return;
  }
  // The embedded store is single-process: admin commands (`npm run cli -- doctor`) reach it
  // through this socket in DATA_DIR while the server holds the folder.
  if (!config.store.databaseUrl && !config.store.dataDir.startsWith('memory://')) {
    const running = app;
    control = await startControlServer(controlSocketPath(config.store.dataDir), (argv, io) => cliMain(argv, { app: running, io }));
  }
  const { url } = await app.listen(config.server.port, config.server.host);
  if (config.server.remoteInLocalMode) {
    app.log.warn(
      { host: config.server.host },
      'local mode is listening beyond loopback (LOCAL_MODE_ALLOW_REMOTE=true): the bot, the tab API and webhooks run without real sign-in; local sign-in, /wfm-admin and the emulator still answer only this machine',
    );
  }
  app.log.info({ url, localMode: config.localMode, store: app.store.kind }, 'shifts-connector listening');
  if (!config.localMode) return;

  const started = app;
  if (emulator) {
    // Registering again calls the connector's /connect, so this waits until the app listens.
    await registerLocalIntegration(emulator, { url: `${url}/wfi`, secret: config.wfi.secrets[0] ?? '', id: config.wfi.id }).catch(
      (err: unknown) => started.log.warn({ err: (err as Error).message }, 'could not register the connector with the Shifts emulator'),
    );
  }
  // Local mode comes up synced: the initial sync of the demo teams starts now that Shifts'
  // callbacks can reach the webhook (otherwise it waits for the scheduler's first minute).
  const sync = started.services.sync;
  await sync
    ?.scheduleDue()
    .catch((err: unknown) => started.log.warn({ err: (err as Error).message }, 'could not start the initial sync'));
  // The banner comes last, under the start-up and initial-sync log lines rather than buried
  // among them; a slow first sync delays it by BANNER_WAIT_MS at most and goes on behind it.
  let waited: NodeJS.Timeout | undefined;
  await Promise.race([
    sync?.idle(),
    new Promise<void>((resolve) => {
      waited = setTimeout(resolve, BANNER_WAIT_MS);
    }),
  ]);
  clearTimeout(waited);
  if (stopping) return;
  // JSON log lines are written asynchronously; flushed first so none lands inside the banner.
  await new Promise<void>((resolve) => started.log.flush(() => resolve()));
  process.stdout.write(localBanner(url, emulator));
}

/** How long the local-mode banner waits for the initial sync before showing anyway. */
const BANNER_WAIT_MS = 30_000;

function localBanner(url: string, emulator: Emulator | undefined): string {
  return [
    '',
    `  Shifts connector running in local mode at ${url}`,
    '',
    `    Manager tab:      ${url}/tab/`,
    ...(emulator
      ? [`    Shifts emulator:  ${emulator.url}/_emulator/   (Graph API at ${emulator.url}/v1.0)`]
      : []),
    `    Health:           ${url}/healthz   ${url}/readyz   ${url}/metrics`,
    '',
    '  Try first:',
    '    1. Open the manager tab: the demo stores sync into the emulator within a minute.',
    '    2. Break a rule from Shifts, as a worker or manager would (then watch the tab and the',
    '       emulator page show the rejection):',
    '         npm run emulator:act -- help',
    '    3. Change the schedule in the WFM and watch it reach Shifts:  npm run wfm -- help',
    '',
  ].join('\n') + '\n';
}

main().catch((err: unknown) => {
  // One line on the terminal; the stack only when asked for (LOG_LEVEL=debug or trace).
  const e = err instanceof Error ? err : new Error(String(err));
  const verbose = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
  process.stderr.write(`fatal: ${verbose ? (e.stack ?? e.message) : e.message.split('\n')[0]}\n`);
  process.exit(1);
});
