import type { Migration } from '../store/index.ts';

/**
 * The sync engine's tables: per-team progress (change-feed cursor, schedule, health), run
 * records, failure records with their history, and write intents (crash safety: a create is
 * recorded before it is sent, so a restart adopts what Shifts already holds instead of
 * creating it twice).
 */
export const syncMigrations: Migration[] = [
  {
    id: 'sync/001_tables',
    sql: `
      CREATE TABLE sync_team_state (
        team_id text PRIMARY KEY,
        feed_cursor text,
        initialized_at timestamptz,
        last_sync_at timestamptz,
        next_sync_at timestamptz,
        last_full_at timestamptz,
        health text NOT NULL DEFAULT 'healthy' CHECK (health IN ('healthy', 'degraded', 'failing')),
        health_reason text,
        -- which instance runs this team now, until when (renewed while running; expires on a crash)
        lease_owner text,
        lease_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE sync_runs (
        id text PRIMARY KEY,
        team_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('initial', 'incremental', 'reconcile', 'manual')),
        state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'partial', 'failed')),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        fixed jsonb NOT NULL DEFAULT '[]'::jsonb,
        -- {done, total} writes while running, for progress bars
        progress jsonb,
        error text
      );
      CREATE INDEX sync_runs_team ON sync_runs (team_id, started_at DESC);
      CREATE TABLE sync_failures (
        id text PRIMARY KEY,
        team_id text NOT NULL,
        entity_type text NOT NULL,
        -- WFM id, or 'shifts:<id>' for a Shifts entity the WFM does not know
        entity_key text NOT NULL,
        wfm_id text,
        shifts_id text,
        operation text NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
        error_code text NOT NULL,
        error_message text NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        state text NOT NULL CHECK (state IN ('open', 'retrying', 'resolved', 'handled')),
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        next_retry_at timestamptz,
        resolved_at timestamptz,
        handled_by text,
        history jsonb NOT NULL DEFAULT '[]'::jsonb
      );
      CREATE UNIQUE INDEX sync_failures_active ON sync_failures (team_id, entity_type, entity_key)
        WHERE state IN ('open', 'retrying');
      CREATE INDEX sync_failures_team ON sync_failures (team_id, state);
      CREATE TABLE sync_intents (
        team_id text NOT NULL,
        entity_type text NOT NULL,
        wfm_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, entity_type, wfm_id)
      );
    `,
  },
  {
    // Run ownership lives in the store, not in the job engine: a request to run a team waits on
    // the team's row, and whoever claims it holds the heartbeat lease. A lease that stops being
    // renewed (its holder died) makes the team claimable again, resuming the run it describes.
    id: 'sync/002_run_queue',
    sql: `
      ALTER TABLE sync_team_state
        ADD COLUMN run_request_id text,
        ADD COLUMN run_request_kind text CHECK (run_request_kind IN ('initial', 'incremental', 'reconcile', 'manual')),
        ADD COLUMN run_request_full boolean NOT NULL DEFAULT false,
        ADD COLUMN run_requested_at timestamptz,
        -- the run the lease is for, so a take-over resumes the same kind of run
        ADD COLUMN lease_run_id text,
        ADD COLUMN lease_kind text,
        ADD COLUMN lease_full boolean NOT NULL DEFAULT false,
        ADD COLUMN lease_taken_at timestamptz,
        -- when a run of this team last started: a failure due after it asks for a run of its own
        ADD COLUMN last_claimed_at timestamptz;
      CREATE INDEX sync_team_state_requests ON sync_team_state (run_requested_at) WHERE run_requested_at IS NOT NULL;
      CREATE INDEX sync_failures_due ON sync_failures (next_retry_at) WHERE state = 'open';
      -- attempts counts every send (the Graph client's own retries too); rounds counts the runs
      -- that tried the entity, which is what the automatic retry backoff and its limit go by
      ALTER TABLE sync_failures ADD COLUMN rounds integer NOT NULL DEFAULT 1;
    `,
  },
  {
    // Freshness: one sample per WFM change written to Shifts (when it changed in the WFM, when
    // its write landed), kept a day, for each team's lag percentiles.
    id: 'sync/003_freshness',
    sql: `
      CREATE TABLE sync_lag_samples (
        team_id text NOT NULL,
        changed_at timestamptz NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sync_lag_samples_team ON sync_lag_samples (team_id, written_at DESC);
    `,
  },
  {
    // Since when the team's WFM changes wait past SYNC_FRESHNESS_ALERT_MINUTES (null: in time).
    id: 'sync/004_late_since',
    sql: `ALTER TABLE sync_team_state ADD COLUMN late_since timestamptz;`,
  },
];
