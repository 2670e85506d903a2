/**
 * The publication ledger: per worker and entity, what the feed last showed. It turns "the WFM's
 * current data" into "events with a SEQUENCE": unchanged content keeps its sequence, changed
 * content gets the next one, and an entity that vanished from the window is shown once as
 * CANCELLED (with its last content) until it leaves the window.
 */
import type { Queryable, Store } from '../store/index.ts';
import { contentHash, type CalendarEntityType, type EventContent } from './events.ts';

/** One event as the feed publishes it. */
export interface LedgerEntry {
  content: EventContent;
  sequence: number;
  status: 'active' | 'cancelled';
  /** When this entity first appeared in the worker's feed. */
  createdAt: number;
  /** When its current revision was made (DTSTAMP, LAST-MODIFIED). */
  changedAt: number;
}

interface EntryRow {
  entity_type: CalendarEntityType;
  entity_id: string;
  sequence: number;
  content_hash: string;
  content: EventContent;
  start_at: Date;
  end_at: Date;
  status: 'active' | 'cancelled';
  created_at: Date;
  changed_at: Date;
}

const COLUMNS = 'entity_type, entity_id, sequence, content_hash, content, start_at, end_at, status, created_at, changed_at';

const key = (type: string, id: string) => `${type}\u0000${id}`;

function toEntry(row: EntryRow): LedgerEntry {
  return {
    content: row.content,
    sequence: row.sequence,
    status: row.status,
    createdAt: row.created_at.getTime(),
    changedAt: row.changed_at.getTime(),
  };
}

/**
 * Records the worker's current events and returns everything the feed shows for the window:
 * current events, plus cancelled ones still inside it, ordered by start. Rows that ended before
 * the window are pruned. Safe to run concurrently for the same worker: every write is a single
 * conditional statement, so two requests never bump a sequence twice for one change.
 */
export async function reconcile(
  store: Store,
  employeeId: string,
  window: { start: number; end: number },
  current: EventContent[],
  now: number,
): Promise<LedgerEntry[]> {
  return store.transaction(async (tx) => {
    const at = new Date(now);
    const seen = new Set<string>();
    const out: LedgerEntry[] = [];
    for (const c of current) {
      const k = key(c.entityType, c.entityId);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(await upsert(tx, employeeId, c, at));
    }

    const stored = await tx.query<EntryRow>(`SELECT ${COLUMNS} FROM calendar_entries WHERE employee_id = $1`, [
      employeeId,
    ]);
    for (const row of stored) {
      if (seen.has(key(row.entity_type, row.entity_id))) continue;
      const inWindow = row.start_at.getTime() < window.end && row.end_at.getTime() > window.start;
      if (!inWindow) {
        await tx.query(`DELETE FROM calendar_entries WHERE employee_id = $1 AND entity_type = $2 AND entity_id = $3`, [
          employeeId,
          row.entity_type,
          row.entity_id,
        ]);
        continue;
      }
      if (row.status === 'cancelled') {
        out.push(toEntry(row));
        continue;
      }
      // `status = 'active'` is re-checked under the row lock: a concurrent request that
      // cancelled it first wins, and this one reads the result instead of bumping again.
      const cancelled = await tx.query<EntryRow>(
        `UPDATE calendar_entries SET status = 'cancelled', sequence = sequence + 1, changed_at = $4
          WHERE employee_id = $1 AND entity_type = $2 AND entity_id = $3 AND status = 'active'
          RETURNING ${COLUMNS}`,
        [employeeId, row.entity_type, row.entity_id, at],
      );
      const after =
        cancelled[0] ??
        (
          await tx.query<EntryRow>(
            `SELECT ${COLUMNS} FROM calendar_entries WHERE employee_id = $1 AND entity_type = $2 AND entity_id = $3`,
            [employeeId, row.entity_type, row.entity_id],
          )
        )[0];
      if (after) out.push(toEntry(after));
    }
    return out.sort(
      (a, b) =>
        a.content.start - b.content.start ||
        a.content.entityType.localeCompare(b.content.entityType) ||
        a.content.entityId.localeCompare(b.content.entityId),
    );
  });
}

async function upsert(tx: Queryable, employeeId: string, c: EventContent, at: Date): Promise<LedgerEntry> {
  const hash = contentHash(c);
  // Inserts a new entry, or bumps the sequence only when what the subscriber sees changed
  // (or a cancelled entity came back); an unchanged entity returns no row.
  const written = await tx.query<EntryRow>(
    `INSERT INTO calendar_entries
       (employee_id, entity_type, entity_id, team_id, sequence, content_hash, content, start_at, end_at, status,
        created_at, changed_at)
     VALUES ($1, $2, $3, $4, 0, $5, $6::jsonb, $7, $8, 'active', $9, $9)
     ON CONFLICT (employee_id, entity_type, entity_id) DO UPDATE
       SET sequence = calendar_entries.sequence + 1, content_hash = EXCLUDED.content_hash,
           content = EXCLUDED.content, team_id = EXCLUDED.team_id, start_at = EXCLUDED.start_at,
           end_at = EXCLUDED.end_at, status = 'active', changed_at = EXCLUDED.changed_at
       WHERE calendar_entries.content_hash <> EXCLUDED.content_hash OR calendar_entries.status <> 'active'
     RETURNING ${COLUMNS}`,
    [employeeId, c.entityType, c.entityId, c.teamId, hash, JSON.stringify(c), new Date(c.start), new Date(c.end), at],
  );
  if (written[0]) return toEntry(written[0]);
  const existing = await tx.query<EntryRow>(
    `SELECT ${COLUMNS} FROM calendar_entries WHERE employee_id = $1 AND entity_type = $2 AND entity_id = $3`,
    [employeeId, c.entityType, c.entityId],
  );
  return toEntry(existing[0]!);
}
