/**
 * The alert outbox: capabilities that notice something a manager must know about (the webhook
 * rejecting a Shifts change, the sync engine recording a new failure) write an alert event in
 * the same transaction as the fact itself; the bot delivers them. Writing to a table, not
 * calling the bot, keeps alerts durable across restarts and independent of delivery.
 */
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { Migration, Queryable } from '../store/index.ts';

/** What an alert is about, for the card: who, and when (UTC instants). */
const subjectSchema = z
  .object({
    employeeName: z.string().nullable(),
    start: z.string().nullable(),
    end: z.string().nullable(),
  })
  .nullable();

export const changeRejectedSchema = z.object({
  kind: z.literal('change_rejected'),
  teamId: z.string(),
  /** Webhook decision id (audit row). */
  decisionId: z.string(),
  /** Shifts entity type as in the callback URL, normalised (`shift`, `timeOffRequest`, ...). */
  entityType: z.string(),
  /** Shifts id of the entity. */
  entityId: z.string(),
  operation: z.enum(['create', 'update', 'delete']),
  /** Entra object id of the person who tried the change, when known. */
  actingUserId: z.string().nullable(),
  ruleCode: z.string(),
  message: z.string(),
  subject: subjectSchema,
  occurredAt: z.string(),
});

export const syncFailureSchema = z.object({
  kind: z.literal('sync_failure'),
  teamId: z.string(),
  /** Sync failure record id; Retry acts on it. */
  failureId: z.string(),
  entityType: z.string(),
  wfmId: z.string().nullable(),
  shiftsId: z.string().nullable(),
  operation: z.enum(['create', 'update', 'delete']),
  errorCode: z.string(),
  errorMessage: z.string(),
  attempts: z.number().int(),
  subject: subjectSchema,
  occurredAt: z.string(),
});

export const alertEventSchema = z.discriminatedUnion('kind', [changeRejectedSchema, syncFailureSchema]);
export type AlertEvent = z.infer<typeof alertEventSchema>;
export type ChangeRejectedEvent = z.infer<typeof changeRejectedSchema>;
export type SyncFailureEvent = z.infer<typeof syncFailureSchema>;

export const alertMigrations: Migration[] = [
  {
    id: 'alerts/001_events',
    sql: `CREATE TABLE alert_events (
            id bigserial PRIMARY KEY,
            kind text NOT NULL CHECK (kind IN ('change_rejected', 'sync_failure')),
            team_id text NOT NULL,
            -- groups repeats of the same problem, e.g. 'sync_failure:shift:W123'
            entity_key text NOT NULL,
            payload jsonb NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            dispatched_at timestamptz
          );
          CREATE INDEX alert_events_pending ON alert_events (id) WHERE dispatched_at IS NULL;`,
  },
];

export interface AlertOutbox {
  /** Records an alert inside the caller's transaction; returns its id. */
  emit(q: Queryable, event: AlertEvent): Promise<number>;
  /** Hint that alerts were written (after the caller committed); delivery polls anyway. */
  notify(): void;
  /** Called on `notify()`; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export function createAlertOutbox(): AlertOutbox {
  const emitter = new EventEmitter();
  return {
    async emit(q, event) {
      const parsed = alertEventSchema.parse(event);
      const entityKey =
        parsed.kind === 'sync_failure'
          ? `sync_failure:${parsed.entityType}:${parsed.wfmId ?? parsed.shiftsId ?? parsed.failureId}`
          : `change_rejected:${parsed.entityType}:${parsed.entityId}`;
      const rows = await q.query<{ id: number }>(
        `INSERT INTO alert_events (kind, team_id, entity_key, payload) VALUES ($1, $2, $3, $4::jsonb) RETURNING id`,
        [parsed.kind, parsed.teamId, entityKey, JSON.stringify(parsed)],
      );
      return rows[0]!.id;
    },
    notify() {
      emitter.emit('alert');
    },
    subscribe(listener) {
      emitter.on('alert', listener);
      return () => emitter.off('alert', listener);
    },
  };
}
