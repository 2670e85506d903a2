import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../connector/config/index.ts';

/** PostgreSQL server for the store suites, when the machine has one (CI sets it). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** Store backends to run a suite against: PGlite always, PostgreSQL when available. */
export const STORE_BACKENDS: Array<'pglite' | 'postgres'> = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A unique lower-case schema name, so suites can share one PostgreSQL database. */
export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** A validated local-mode config for tests: in-memory store, port 0, quiet logs. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig(
    { DATA_DIR: 'memory://', PORT: '0', EMULATOR_PORT: '0', LOG_LEVEL: 'silent', ...env },
    { dotenv: false },
  );
}
