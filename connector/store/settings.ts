import type { Queryable } from './types.ts';

/** Reads one JSON setting, or undefined when it was never written. */
export async function getSetting<T>(q: Queryable, key: string): Promise<T | undefined> {
  const rows = await q.query<{ value: T }>('SELECT value FROM app_settings WHERE key = $1', [key]);
  return rows[0]?.value;
}

/** Writes (inserts or replaces) one JSON setting. */
export async function putSetting(q: Queryable, key: string, value: unknown): Promise<void> {
  await q.query(
    `INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}
