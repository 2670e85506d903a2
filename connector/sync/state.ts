/**
 * Per-team sync progress: change-feed cursor, schedule slots, health, and a lease so that
 * only one instance runs a team at a time (the lease expires if its holder dies).
 */
import type { Queryable } from '../store/index.ts';
import type { RunKind } from './runs.ts';
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
  /** The run that holds the team now, until when (a past `leaseUntil` means its holder died). */
  lease: { runId: string | null; until: string; takenAt: string | null } | null;
  /** A run asked for and not started yet, since when. */
  requestedAt: string | null;
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
  lease_owner: string | null;
  lease_until: Date | null;
  lease_run_id: string | null;
  lease_taken_at: Date | null;
  run_requested_at: Date | null;
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
  lease: r.lease_owner && r.lease_until ? { runId: r.lease_run_id, until: r.lease_until.toISOString(), takenAt: r.lease_taken_at?.toISOString() ?? null } : null,
  requestedAt: r.run_requested_at?.toISOString() ?? null,
});

export async function getTeamState(q: Queryable, teamId: string): Promise<TeamState> {
  await q.query(`INSERT INTO sync_team_state (team_id) VALUES ($1) ON CONFLICT DO NOTHING`, [teamId]);
  const rows = await q.query<Row>(`SELECT * FROM sync_team_state WHERE team_id = $1`, [teamId]);
  return toState(rows[0]!);
}

export async function listTeamStates(q: Queryable): Promise<TeamState[]> {
  return (await q.query<Row>(`SELECT * FROM sync_team_state`)).map(toState);
}

/** What a lease is for: a take-over after its holder died resumes the same kind of run. */
export interface LeaseFor {
  kind: RunKind;
  full: boolean;
}

/**
 * Takes (or renews) the team's lease for `ms`; false when another live holder has it. A lease
 * is a heartbeat: its holder renews it while running, and it lapses `ms` after the holder died.
 */
export async function tryLease(q: Queryable, teamId: string, owner: string, ms: number, runFor?: LeaseFor & { runId: string }): Promise<boolean> {
  await q.query(`INSERT INTO sync_team_state (team_id) VALUES ($1) ON CONFLICT DO NOTHING`, [teamId]);
  const rows = await q.query(
    `UPDATE sync_team_state SET lease_owner = $2, lease_until = now() + ($3::int * interval '1 millisecond'),
       lease_taken_at = CASE WHEN lease_owner = $2 THEN lease_taken_at ELSE now() END,
       lease_run_id = COALESCE($4, lease_run_id), lease_kind = COALESCE($5, lease_kind), lease_full = COALESCE($6, lease_full)
     WHERE team_id = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now()) RETURNING team_id`,
    [teamId, owner, ms, runFor?.runId ?? null, runFor?.kind ?? null, runFor?.full ?? null],
  );
  return rows.length > 0;
}

export async function releaseLease(q: Queryable, teamId: string, owner: string): Promise<void> {
  await q.query(
    `UPDATE sync_team_state SET lease_owner = NULL, lease_until = NULL, lease_run_id = NULL, lease_kind = NULL, lease_full = false, lease_taken_at = NULL
     WHERE team_id = $1 AND lease_owner = $2`,
    [teamId, owner],
  );
}

/**
 * Asks for a run of the team. At most one request waits per team: a second one joins it
 * (a full request makes it full) and gets its run id. `newRunId` is used when none waits.
 */
export async function requestRun(q: Queryable, teamId: string, kind: RunKind, full: boolean, newRunId: string): Promise<{ runId: string; joined: boolean }> {
  await q.query(`INSERT INTO sync_team_state (team_id) VALUES ($1) ON CONFLICT DO NOTHING`, [teamId]);
  const rows = await q.query<{ run_request_id: string }>(
    `UPDATE sync_team_state SET run_request_id = COALESCE(run_request_id, $2),
       run_request_kind = COALESCE(run_request_kind, $3), run_request_full = run_request_full OR $4,
       run_requested_at = COALESCE(run_requested_at, now())
     WHERE team_id = $1 RETURNING run_request_id`,
    [teamId, newRunId, kind, full],
  );
  const runId = rows[0]!.run_request_id;
  return { runId, joined: runId !== newRunId };
}

/** A team this instance has claimed: its lease is taken for the run described. */
export interface ClaimedRun {
  teamId: string;
  runId: string;
  kind: RunKind;
  full: boolean;
  /** True when the run takes over a lease whose holder stopped renewing it. */
  takeover: boolean;
}

/**
 * Claims the team that has waited longest for a run, and takes its lease, in one statement.
 * A team is due when a run was asked for, when its lease lapsed (the holder died: the run
 * resumes), or when a failure's retry came due after its last run started; a team whose lease
 * is live is never claimed. Nothing here depends on the job engine's state, so a dead
 * process blocks a team for at most one lease.
 */
export async function claimNextTeam(q: Queryable, instanceId: string, ms: number, newRunId: string): Promise<ClaimedRun | undefined> {
  const rows = await q.query<{ team_id: string; run_id: string; kind: RunKind; full: boolean; takeover: boolean }>(
    `WITH candidates AS (
       SELECT s.team_id, LEAST(s.run_requested_at, s.lease_until,
                (SELECT min(f.next_retry_at) FROM sync_failures f
                  WHERE f.team_id = s.team_id AND f.state = 'open' AND f.next_retry_at <= now()
                    AND f.next_retry_at > COALESCE(s.last_claimed_at, '-infinity'::timestamptz))) AS due_at
         FROM sync_team_state s JOIN map_teams t ON t.team_id = s.team_id AND t.enabled
        WHERE (s.lease_owner IS NULL OR s.lease_until < now())
     ), next AS (
       SELECT s.team_id, s.lease_owner IS NOT NULL AS takeover FROM sync_team_state s JOIN candidates c ON c.team_id = s.team_id
        WHERE c.due_at IS NOT NULL
        ORDER BY c.due_at LIMIT 1 FOR UPDATE OF s SKIP LOCKED
     )
     UPDATE sync_team_state s SET
       lease_run_id = COALESCE(s.run_request_id, $2),
       lease_owner = $1 || ':' || COALESCE(s.run_request_id, $2),
       lease_until = now() + ($3::int * interval '1 millisecond'),
       lease_taken_at = now(),
       lease_kind = COALESCE(s.run_request_kind, CASE WHEN s.lease_owner IS NOT NULL THEN s.lease_kind END, 'incremental'),
       lease_full = s.run_request_full OR (s.lease_owner IS NOT NULL AND s.lease_full),
       run_request_id = NULL, run_request_kind = NULL, run_request_full = false, run_requested_at = NULL,
       last_claimed_at = now()
     FROM next WHERE s.team_id = next.team_id AND (s.lease_owner IS NULL OR s.lease_until < now())
     RETURNING s.team_id, s.lease_run_id AS run_id, s.lease_kind AS kind, s.lease_full AS full, next.takeover`,
    [instanceId, newRunId, ms],
  );
  const r = rows[0];
  return r ? { teamId: r.team_id, runId: r.run_id, kind: r.kind, full: r.full, takeover: r.takeover } : undefined;
}

/** The lease owner string of a run on this instance (the claim and the run must agree). */
export const leaseOwner = (instanceId: string, runId: string) => `${instanceId}:${runId}`;

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

/**
 * Moves the team's slot from `from` (the one that came) to `to`; false when another instance
 * moved it first. Only the instance that moved it queues the slot's run, so each slot runs once.
 */
export async function advanceSlot(q: Queryable, teamId: string, from: string, to: Date): Promise<boolean> {
  // Compared at the millisecond: the slot was read back into a JS Date.
  const rows = await q.query(`UPDATE sync_team_state SET next_sync_at = $3 WHERE team_id = $1 AND date_trunc('milliseconds', next_sync_at) = $2 RETURNING team_id`, [teamId, from, to]);
  return rows.length > 0;
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
