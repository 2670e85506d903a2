import type { Migration } from '../store/index.ts';

/**
 * The connector's mapping tables. Uniqueness both ways is enforced by the database: one Teams
 * team per WFM site and one Entra user per WFM employee, so a duplicate can never sync twice.
 */
export const mappingMigrations: Migration[] = [
  {
    id: 'mappings/001_tables',
    sql: `
      CREATE TABLE map_teams (
        team_id text PRIMARY KEY,
        wfm_team_id text NOT NULL UNIQUE,
        time_zone text NOT NULL,
        owner_user_id text,
        manager_user_ids text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE map_users (
        user_id text PRIMARY KEY,
        wfm_employee_id text NOT NULL UNIQUE,
        display_name text,
        upn text,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE map_entities (
        team_id text NOT NULL,
        entity_type text NOT NULL,
        wfm_id text NOT NULL,
        shifts_id text NOT NULL,
        content_hash text,
        wfm_version text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, entity_type, wfm_id),
        UNIQUE (team_id, entity_type, shifts_id)
      );
    `,
  },
  {
    // Per-kind sync mode overrides of a team ({} follows the deployment's SYNC_MODE).
    id: 'mappings/002_team_sync_modes',
    sql: `ALTER TABLE map_teams ADD COLUMN sync_modes jsonb NOT NULL DEFAULT '{}'::jsonb;`,
  },
];
