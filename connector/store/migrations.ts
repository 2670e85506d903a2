import type { Migration } from './types.ts';

/** The store's own tables: small key/value settings used across capabilities. */
export const storeMigrations: Migration[] = [
  {
    id: 'store/001_settings',
    sql: `CREATE TABLE app_settings (
            key text PRIMARY KEY,
            value jsonb NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
          );`,
  },
];
