import type { Storage, StoreItems } from 'botbuilder';
import type { Queryable } from '../../connector/store/index.ts';

/**
 * botbuilder `Storage` on the project's store, so teams-ai turn state survives restarts and
 * is shared by every instance. Last write wins: turn state here is small and per
 * conversation, and nothing the bot relies on for correctness lives in it.
 */
export function storeStorage(db: Queryable): Storage {
  return {
    async read(keys: string[]): Promise<StoreItems> {
      if (keys.length === 0) return {};
      const rows = await db.query<{ key: string; value: Record<string, unknown> }>(
        `SELECT key, value FROM bot_state WHERE key = ANY($1::text[])`,
        [keys],
      );
      const items: StoreItems = {};
      for (const r of rows) items[r.key] = r.value;
      return items;
    },
    async write(changes: StoreItems): Promise<void> {
      for (const [key, value] of Object.entries(changes)) {
        await db.query(
          `INSERT INTO bot_state (key, value) VALUES ($1, $2::jsonb)
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
          [key, JSON.stringify(value)],
        );
      }
    },
    async delete(keys: string[]): Promise<void> {
      if (keys.length === 0) return;
      await db.query(`DELETE FROM bot_state WHERE key = ANY($1::text[])`, [keys]);
    },
  };
}
