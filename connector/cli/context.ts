/**
 * The CLI works on the same database as the server: it builds the app from the same
 * environment (without listening and without the automatic schedule) and uses its services,
 * or, inside the server (control socket), uses the server's running app.
 */
import pino from 'pino';
import { buildApp, type App, type BuildOptions } from '../app.ts';
import type { AppConfig } from '../config/index.ts';
import { humanLogStream } from '../observability/log.ts';
import type { SyncModule } from '../sync/index.ts';
import type { CliIo } from './io.ts';

export interface CliContext {
  config: AppConfig;
  io: CliIo;
  /** Builds the app once, on first use. */
  app(): Promise<App>;
  sync(): Promise<SyncModule>;
  close(): Promise<void>;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  io?: CliIo;
  /** Test seam: store/job schema of a shared PostgreSQL. */
  build?: BuildOptions;
  /** Test seam: where doctor and register send HTTP (default: global fetch). */
  fetch?: typeof fetch;
  /** The running server's app (commands arriving on its control socket); never closed here. */
  app?: App;
}

export interface ContextOptions {
  build?: BuildOptions | undefined;
  app?: App | undefined;
  /** JSON log lines (machines) instead of human ones; both go to stderr. */
  json?: boolean;
  logLevel?: AppConfig['log']['level'];
}

export function createContext(config: AppConfig, io: CliIo, options: ContextOptions = {}): CliContext {
  let app: Promise<App> | undefined = options.app ? Promise.resolve(options.app) : undefined;
  const owned = !options.app;
  // No schedule and no job workers: the CLI runs what it is asked in-process and must not pick
  // up the server's queued runs (it exits right after). Logs never mix with the output on stdout.
  const cliConfig: AppConfig = {
    ...config,
    log: { ...config.log, level: options.logLevel ?? config.log.level },
    sync: { ...config.sync, automatic: false, concurrency: 0 },
  };
  const build: BuildOptions = {
    logDestination: options.json ? pino.destination({ fd: 2, sync: true }) : humanLogStream(2),
    ...options.build,
  };
  return {
    config,
    io,
    app: () => (app ??= buildApp(cliConfig, build)),
    async sync() {
      const a = await this.app();
      if (!a.services.sync) throw new Error('the sync engine is not part of this deployment');
      return a.services.sync;
    },
    async close() {
      if (!app || !owned) return;
      // A build that failed (DATA_DIR in use, database down) was already reported by the command.
      const built = await app.catch(() => undefined);
      await built?.close();
    },
  };
}
