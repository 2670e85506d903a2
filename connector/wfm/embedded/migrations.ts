import type { Migration } from '../../store/index.ts';

/**
 * Tables of the embedded reference WFM. They belong to the WFM, not to the connector: a
 * customer's own WFM replaces all of them. `wfm_changes.seq` orders the change feed; writers
 * serialise on one transaction-scoped advisory lock so a reader never sees a gap fill later.
 */
export const embeddedWfmMigrations: Migration[] = [
  {
    id: 'wfm/001_embedded',
    sql: `
      CREATE TABLE wfm_teams (
        id text PRIMARY KEY,
        name text NOT NULL,
        time_zone text NOT NULL,
        rules jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE TABLE wfm_employees (
        id text PRIMARY KEY,
        team_ids text[] NOT NULL,
        display_name text NOT NULL,
        email text,
        job_ids text[] NOT NULL DEFAULT '{}',
        employment_type text NOT NULL,
        hire_date text NOT NULL
      );
      CREATE TABLE wfm_jobs (
        id text PRIMARY KEY,
        team_id text NOT NULL REFERENCES wfm_teams(id),
        name text NOT NULL
      );
      CREATE TABLE wfm_reasons (
        id text PRIMARY KEY,
        name text NOT NULL,
        icon_type text NOT NULL,
        paid boolean NOT NULL,
        active boolean NOT NULL DEFAULT true,
        eligibility jsonb NOT NULL
      );
      CREATE TABLE wfm_shifts (
        id text PRIMARY KEY,
        version integer NOT NULL,
        team_id text NOT NULL REFERENCES wfm_teams(id),
        employee_id text NOT NULL REFERENCES wfm_employees(id),
        job_id text REFERENCES wfm_jobs(id),
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        label text,
        notes text,
        theme text NOT NULL,
        activities jsonb NOT NULL DEFAULT '[]'::jsonb
      );
      CREATE INDEX wfm_shifts_team_time ON wfm_shifts (team_id, start_at);
      CREATE INDEX wfm_shifts_employee_time ON wfm_shifts (employee_id, start_at);
      CREATE TABLE wfm_open_shifts (
        id text PRIMARY KEY,
        version integer NOT NULL,
        team_id text NOT NULL REFERENCES wfm_teams(id),
        job_id text REFERENCES wfm_jobs(id),
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        slots integer NOT NULL,
        label text,
        notes text,
        theme text NOT NULL,
        activities jsonb NOT NULL DEFAULT '[]'::jsonb
      );
      CREATE INDEX wfm_open_shifts_team_time ON wfm_open_shifts (team_id, start_at);
      CREATE TABLE wfm_times_off (
        id text PRIMARY KEY,
        version integer NOT NULL,
        team_id text NOT NULL REFERENCES wfm_teams(id),
        employee_id text NOT NULL REFERENCES wfm_employees(id),
        reason_id text NOT NULL REFERENCES wfm_reasons(id),
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        notes text
      );
      CREATE INDEX wfm_times_off_team_time ON wfm_times_off (team_id, start_at);
      CREATE TABLE wfm_requests (
        id text PRIMARY KEY,
        version integer NOT NULL,
        team_id text NOT NULL REFERENCES wfm_teams(id),
        kind text NOT NULL,
        state text NOT NULL,
        assigned_to text NOT NULL,
        sender_employee_id text NOT NULL,
        recipient_employee_id text,
        sender_shift_id text,
        recipient_shift_id text,
        open_shift_id text,
        reason_id text,
        start_at timestamptz,
        end_at timestamptz,
        sender_message text,
        manager_message text,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX wfm_requests_team ON wfm_requests (team_id, created_at);
      CREATE TABLE wfm_changes (
        seq bigserial PRIMARY KEY,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        team_id text NOT NULL,
        op text NOT NULL,
        origin text NOT NULL,
        entity jsonb NOT NULL,
        at timestamptz NOT NULL
      );
    `,
  },
  {
    id: 'wfm/002_applied_commands',
    // Batches applied under an idempotency key, with their results: a repeated key replays
    // them, and a client asks for them after a timeout (recorded in the batch's transaction).
    sql: `
      CREATE TABLE wfm_applied_commands (
        team_id text NOT NULL,
        idempotency_key text NOT NULL,
        results jsonb NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, idempotency_key)
      );
    `,
  },
];
