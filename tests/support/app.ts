import { buildApp, type App, type BuildOptions } from '../../connector/app.ts';
import { TEST_DATABASE_URL, testConfig, uniqueSchema } from './env.ts';

export interface TestApp {
  app: App;
  /** Base URL on 127.0.0.1 (real loopback HTTP). */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions extends BuildOptions {
  /** Extra environment variables (validated like production). */
  env?: Record<string, string>;
  /** `postgres` runs on TEST_DATABASE_URL in a schema of its own. */
  backend?: 'pglite' | 'postgres';
}

/** Boots the real app in-process (real store, jobs and HTTP) on a free loopback port. */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const { env = {}, backend = 'pglite', ...build } = options;
  const postgres = backend === 'postgres';
  if (postgres && !TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const config = testConfig({ ...env, ...(postgres ? { DATABASE_URL: TEST_DATABASE_URL! } : {}) });
  const schema = uniqueSchema();
  const app = await buildApp(config, {
    jobPollingSeconds: 0.5,
    ...(postgres ? { storeSchema: schema, jobsSchema: `${schema}_jobs` } : {}),
    ...build,
  });
  const { url } = await app.listen(0, '127.0.0.1');
  return { app, url, close: () => app.close() };
}
