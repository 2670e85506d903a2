/**
 * A team whose WFM changes wait past `SYNC_FRESHNESS_ALERT_MINUTES` is recorded as late, with
 * since when, in its sync state. The bot's alerts are per entity (a rejected change, a failed
 * entity) and have no team-level kind yet, so this record, the team's `degraded` health in
 * `status`, the tab and `sync_team_healthy`, and one warning per crossing in the log are what
 * tells people; a team-level bot alert would read `late_since` from here.
 */
import type { Logger } from '../observability/log.ts';
import type { Queryable } from '../store/index.ts';
import type { TeamFreshness, TeamSyncStatus } from './service.ts';

/** Whether the team's oldest waiting WFM change has waited past the threshold at `nowMs`. */
export function isLate(f: Pick<TeamFreshness, 'oldestUnsyncedAt'>, nowMs: number, alertMs: number): boolean {
  return f.oldestUnsyncedAt !== null && nowMs - Date.parse(f.oldestUnsyncedAt) > alertMs;
}

/**
 * Records the crossing both ways (late from now, caught up) for every enabled team in
 * `statuses`; a team already recorded late keeps its first `late_since`. Resolves with the
 * teams that became late in this pass.
 */
export async function recordLateness(
  q: Queryable,
  statuses: TeamSyncStatus[],
  opts: { nowMs: number; alertMs: number; enabled: (teamId: string) => boolean; log: Logger },
): Promise<string[]> {
  const became: string[] = [];
  for (const s of statuses) {
    const late = opts.enabled(s.teamId) && isLate(s.freshness, opts.nowMs, opts.alertMs);
    if (late) {
      const rows = await q.query(`UPDATE sync_team_state SET late_since = now() WHERE team_id = $1 AND late_since IS NULL RETURNING team_id`, [s.teamId]);
      if (rows.length > 0) {
        became.push(s.teamId);
        opts.log.warn(
          { teamId: s.teamId, oldestUnsyncedAt: s.freshness.oldestUnsyncedAt, alertMinutes: Math.round(opts.alertMs / 60_000) },
          'WFM changes of this team wait past SYNC_FRESHNESS_ALERT_MINUTES to reach Shifts; the team shows degraded',
        );
      }
    } else {
      const rows = await q.query(`UPDATE sync_team_state SET late_since = NULL WHERE team_id = $1 AND late_since IS NOT NULL RETURNING team_id`, [s.teamId]);
      if (rows.length > 0) opts.log.info({ teamId: s.teamId }, 'WFM changes of this team reach Shifts in time again');
    }
  }
  return became;
}
