/**
 * Per-team sync progress: change-feed cursor, schedule slots, health, and a lease so that
 * only one instance runs a team at a time (the lease expires if its holder dies).
 */
import type { Queryable } from '../store/index.ts';
import type { TeamHealth } from './service.ts';

export interface TeamState {
  teamId: string;
  feedCursor: string | null;
  initializedAt: string | null;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  lastFullAt: string | null;
  health: TeamHealth;
  healthReason: string | null;
}

interface Row {
  team_id: string;
  feed_cursor: string | null;
  initialized_at: Date | null;
  last_sync_at: Date | null;
  next_sync_at: Date | null;
  last_full_at: Date | null;
  health: TeamHealth;
  health_reason: string | null;
}

const toState = (r: Row): TeamState => ({
  teamId: r.team_id,
  feedCursor: r.feed_cursor,
  initializedAt: r.initialized_at?.toISOString() ?? null,
  lastSyncAt: r.last_sync_at?.toISOString() ?? null,
  nextSyncAt: r.next_sync_at?.toISOString() ?? null,
  lastFullAt: r.last_full_at?.toISOString() ?? null,
  health: r.health,
  healthReason: r.health_reason,
});

export async function getTeamState(q: Queryable, teamId: string): Promise<TeamState> {
  await q.query(`INSERT INTO sync_team_state (team_id) VALUES ($1) ON CONFLICT DO NOTHING`, [teamId]);
  const rows = await q.query<Row>(`SELECT * FROM sync_team_state WHERE team_id = $1`, [teamId]);
  return toState(rows[0]!);
}

export async function listTeamStates(q: Queryable): Promise<TeamState[]> {
  return (await q.query<Row>(`SELECT * FROM sync_team_state`)).map(toState);
}

/** Takes the team's lease for `ms`; false when another live holder has it. */
export async function tryLease(q: Queryable, teamId: string, owner: string, ms: number): Promise<boolean> {
  await q.query(`INSERT INTO sync_team_state (team_id) VALUES ($1) ON CONFLICT DO NOTHING`, [teamId]);
  const rows = await q.query(
    `UPDATE sync_team_state SET lease_owner = $2, lease_until = now() + ($3::int * interval '1 millisecond')
     WHERE team_id = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now()) RETURNING team_id`,
    [teamId, owner, ms],
  );
  return rows.length > 0;
}

export async function releaseLease(q: Queryable, teamId: string, owner: string): Promise<void> {
  await q.query(`UPDATE sync_team_state SET lease_owner = NULL, lease_until = NULL WHERE team_id = $1 AND lease_owner = $2`, [teamId, owner]);
}

export async function saveCursor(q: Queryable, teamId: string, cursor: string): Promise<void> {
  await q.query(`UPDATE sync_team_state SET feed_cursor = $2, updated_at = now() WHERE team_id = $1`, [teamId, cursor]);
}

export async function finishTeamRun(
  q: Queryable,
  teamId: string,
  patch: { full: boolean; initialized: boolean; health: TeamHealth; healthReason: string | null; cursor?: string | null },
): Promise<void> {
  await q.query(
    `UPDATE sync_team_state SET last_sync_at = now(),
       last_full_at = CASE WHEN $2 THEN now() ELSE last_full_at END,
       initialized_at = CASE WHEN $3 AND initialized_at IS NULL THEN now() ELSE initialized_at END,
       health = $4, health_reason = $5, feed_cursor = COALESCE($6, feed_cursor), updated_at = now()
     WHERE team_id = $1`,
    [teamId, patch.full, patch.initialized, patch.health, patch.healthReason, patch.cursor ?? null],
  );
}

export async function setNextSync(q: Queryable, teamId: string, at: Date): Promise<void> {
  await q.query(`UPDATE sync_team_state SET next_sync_at = $2 WHERE team_id = $1`, [teamId, at]);
}

/**
 * The team's slot in each interval: a stable offset from a hash of its id, so teams are
 * spread over the interval instead of all starting on the minute.
 */
export function nextSlot(teamId: string, nowMs: number, intervalMs: number): number {
  let h = 2166136261;
  for (let i = 0; i < teamId.length; i++) h = Math.imul(h ^ teamId.charCodeAt(i), 16777619) >>> 0;
  const offset = h % intervalMs;
  return Math.floor((nowMs - offset) / intervalMs) * intervalMs + offset + intervalMs;
}
