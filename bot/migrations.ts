import type { Migration } from '../connector/store/index.ts';

/**
 * The bot's tables. Everything a restart or a second instance needs lives here, never in
 * memory: turn state, the conversation reference of every manager who installed the app,
 * the alerts (one row per team and entity, reopened when it fails again), burst digests, and
 * one delivery row per alert or digest and recipient that remembers which Teams message shows
 * it, so updates edit that message instead of posting a new one.
 */
export const botMigrations: Migration[] = [
  {
    id: 'bot/001_tables',
    sql: `
      CREATE TABLE bot_state (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE bot_conversations (
        user_id text PRIMARY KEY,
        tenant_id text,
        user_mri text NOT NULL,
        conversation_id text NOT NULL,
        service_url text NOT NULL,
        reference jsonb NOT NULL,
        installed boolean NOT NULL DEFAULT true,
        welcomed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE bot_digests (
        id bigserial PRIMARY KEY,
        team_id text NOT NULL,
        started_at timestamptz NOT NULL,
        last_alert_at timestamptz NOT NULL,
        revision integer NOT NULL DEFAULT 1
      );
      CREATE INDEX bot_digests_team ON bot_digests (team_id, last_alert_at DESC);
      CREATE TABLE bot_alerts (
        id bigserial PRIMARY KEY,
        team_id text NOT NULL,
        entity_key text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('change_rejected', 'sync_failure')),
        state text NOT NULL CHECK (state IN ('open', 'resolved', 'handled')),
        payload jsonb NOT NULL,
        occurrences integer NOT NULL DEFAULT 1,
        digest_id bigint REFERENCES bot_digests (id),
        outcome text,
        handled_by text,
        revision integer NOT NULL DEFAULT 1,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (team_id, entity_key)
      );
      CREATE INDEX bot_alerts_team_recent ON bot_alerts (team_id, last_seen_at DESC);
      CREATE TABLE bot_deliveries (
        id bigserial PRIMARY KEY,
        target text NOT NULL CHECK (target IN ('alert', 'digest')),
        target_id bigint NOT NULL,
        user_id text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'sent', 'awaiting_install', 'failed')),
        activity_id text,
        conversation_id text,
        sent_revision integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (target, target_id, user_id)
      );
      CREATE INDEX bot_deliveries_open ON bot_deliveries (state, updated_at) WHERE state IN ('pending', 'awaiting_install');
      CREATE INDEX bot_deliveries_user ON bot_deliveries (user_id) WHERE state = 'awaiting_install';
    `,
  },
  {
    id: 'bot/002_install_requests',
    sql: `
      -- Installs of the app requested through Graph for managers who had not installed it,
      -- so each manager is asked for at most once a day.
      CREATE TABLE bot_install_requests (
        user_id text PRIMARY KEY,
        requested_at timestamptz NOT NULL DEFAULT now(),
        outcome text NOT NULL CHECK (outcome IN ('installed', 'already_installed', 'failed')),
        detail text
      );
    `,
  },
];
