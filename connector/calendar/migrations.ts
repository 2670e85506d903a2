import type { Migration } from '../store/index.ts';

/**
 * The calendar capability's tables:
 * - `calendar_links`: subscription links. Only the SHA-256 of a token is kept; the token itself
 *   is shown once, when the link is created or rotated.
 * - `calendar_entries`: what each worker's feed has published, per entity: the SEQUENCE, the
 *   hash of the content last shown, and that content, so a deleted entity can still be shown
 *   once as CANCELLED with its last details.
 * - `calendar_feeds`: per worker, the ETag of the last feed and when it last changed
 *   (Last-Modified).
 */
export const calendarMigrations: Migration[] = [
  {
    id: 'calendar/001_links_and_ledger',
    sql: `
      CREATE TABLE calendar_links (
        id text PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        employee_id text NOT NULL,
        created_by_user_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        replaced_by text REFERENCES calendar_links (id),
        last_used_at timestamptz
      );
      CREATE INDEX calendar_links_employee ON calendar_links (employee_id, created_at);

      CREATE TABLE calendar_entries (
        employee_id text NOT NULL,
        entity_type text NOT NULL CHECK (entity_type IN ('shift', 'timeOff')),
        entity_id text NOT NULL,
        team_id text NOT NULL,
        sequence integer NOT NULL DEFAULT 0,
        content_hash text NOT NULL,
        content jsonb NOT NULL,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (employee_id, entity_type, entity_id)
      );
      CREATE INDEX calendar_entries_window ON calendar_entries (employee_id, end_at);

      CREATE TABLE calendar_feeds (
        employee_id text PRIMARY KEY,
        etag text NOT NULL,
        last_modified timestamptz NOT NULL
      );
    `,
  },
  {
    // Outlook push: per Entra user and entity, the Graph event we created and the hash of what
    // we last wrote, so only changed shifts are written and a rerun never duplicates an event.
    id: 'calendar/002_outlook_push',
    sql: `
      CREATE TABLE calendar_push_events (
        user_id text NOT NULL,
        entity_type text NOT NULL CHECK (entity_type IN ('shift', 'timeOff')),
        entity_id text NOT NULL,
        employee_id text NOT NULL,
        graph_event_id text NOT NULL,
        content_hash text NOT NULL,
        conflict boolean NOT NULL DEFAULT false,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        pushed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, entity_type, entity_id)
      );
    `,
  },
];
