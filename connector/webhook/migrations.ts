import type { Migration } from '../store/index.ts';

/**
 * The webhook's tables: the audit of every decision on a Shifts change, and the idempotency
 * record of each answered item (Shifts retries with the same transaction id and item id).
 */
export const webhookMigrations: Migration[] = [
  {
    id: 'webhook/001_decisions_and_items',
    sql: `
      CREATE TABLE webhook_decisions (
        id bigserial PRIMARY KEY,
        team_id text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        operation text NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
        acting_user_id text,
        decision text NOT NULL CHECK (decision IN ('approved', 'rejected', 'passthrough')),
        status integer NOT NULL,
        rule_code text,
        message text,
        latency_ms integer NOT NULL,
        transaction_id text,
        item_id text NOT NULL,
        wfm_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX webhook_decisions_team_time ON webhook_decisions (team_id, id DESC);
      CREATE TABLE webhook_items (
        team_id text NOT NULL,
        transaction_id text NOT NULL,
        item_id text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'done')),
        response jsonb,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, transaction_id, item_id)
      );
    `,
  },
  {
    id: 'webhook/002_retention_indexes',
    // Retention deletes by age; without these it would scan both tables on every run.
    sql: `
      CREATE INDEX webhook_decisions_created ON webhook_decisions (created_at);
      CREATE INDEX webhook_items_claimed ON webhook_items (claimed_at);
    `,
  },
  {
    id: 'webhook/003_claim_owner',
    // The instance holding a claim (its liveness lock key), so a dead holder is seen at once.
    sql: 'ALTER TABLE webhook_items ADD COLUMN owner integer;',
  },
];
