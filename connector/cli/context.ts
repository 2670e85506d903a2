/**
 * The CLI works on the same database as the server: it builds the app from the same
 * environment (without listening and without the automatic schedule) and uses its services.
 */
import { buildApp, type App, type BuildOptions } from '../app.ts';
import type { AppConfig } from '../config/index.ts';
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
}

export function createContext(config: AppConfig, io: CliIo, build: BuildOptions = {}): CliContext {
  let app: Promise<App> | undefined;
  // No schedule and no job workers: the CLI runs what it is asked in-process and must not pick
  // up the server's queued runs (it exits right after).
  const cliConfig: AppConfig = { ...config, sync: { ...config.sync, automatic: false, concurrency: 0 } };
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
      if (app) await (await app).close();
    },
  };
}
