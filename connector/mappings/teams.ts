import { err, ok, type Result } from '../errors.ts';
import type { Queryable } from '../store/index.ts';
import { normalizeModes, type SyncModes } from './modes.ts';
import { teamMappingSchema, type MappingError, type TeamMapping } from './schemas.ts';

interface TeamRow {
  team_id: string;
  wfm_team_id: string;
  time_zone: string;
  owner_user_id: string | null;
  manager_user_ids: string[];
  enabled: boolean;
  sync_modes: SyncModes;
}

const COLUMNS = 'team_id, wfm_team_id, time_zone, owner_user_id, manager_user_ids, enabled, sync_modes';

function toMapping(r: TeamRow): TeamMapping {
  return {
    teamId: r.team_id,
    wfmTeamId: r.wfm_team_id,
    timeZone: r.time_zone,
    ownerUserId: r.owner_user_id,
    managerUserIds: [...r.manager_user_ids],
    enabled: r.enabled,
    syncModes: normalizeModes(r.sync_modes),
  };
}

/**
 * Creates or replaces the mapping of a Teams team (`syncModes` undefined keeps the stored modes). Fails (without writing) when the input is
 * invalid or the WFM team is already mapped to another Teams team.
 */
export async function upsertTeamMapping(q: Queryable, m: TeamMapping): Promise<Result<TeamMapping, MappingError>> {
  const parsed = teamMappingSchema.safeParse(m);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({ code: 'INVALID_MAPPING', message: `${issue?.path.join('.') ?? 'mapping'}: ${issue?.message ?? 'invalid'}` });
  }
  const v = parsed.data;
  const taken = await q.query<{ team_id: string }>(
    'SELECT team_id FROM map_teams WHERE wfm_team_id = $1 AND team_id <> $2',
    [v.wfmTeamId, v.teamId],
  );
  if (taken[0]) {
    return err({
      code: 'DUPLICATE_WFM_TEAM',
      message: `WFM team ${v.wfmTeamId} is already mapped to Teams team ${taken[0].team_id}.`,
    });
  }
  const rows = await q.query<TeamRow>(
    `INSERT INTO map_teams (${COLUMNS}, updated_at) VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7::jsonb, '{}'::jsonb), now())
     ON CONFLICT (team_id) DO UPDATE SET wfm_team_id = EXCLUDED.wfm_team_id, time_zone = EXCLUDED.time_zone,
       owner_user_id = EXCLUDED.owner_user_id, manager_user_ids = EXCLUDED.manager_user_ids,
       enabled = EXCLUDED.enabled, sync_modes = COALESCE($7::jsonb, map_teams.sync_modes), updated_at = now()
     RETURNING ${COLUMNS}`,
    [v.teamId, v.wfmTeamId, v.timeZone, v.ownerUserId, v.managerUserIds, v.enabled, v.syncModes === undefined ? null : JSON.stringify(normalizeModes(v.syncModes))],
  );
  return ok(toMapping(rows[0]!));
}

/** The mapping of a Teams team, or undefined. */
export async function getTeamMapping(q: Queryable, teamId: string): Promise<TeamMapping | undefined> {
  const rows = await q.query<TeamRow>(`SELECT ${COLUMNS} FROM map_teams WHERE team_id = $1`, [teamId]);
  return rows[0] ? toMapping(rows[0]) : undefined;
}

/** The mapping of a WFM team (site), or undefined. */
export async function getTeamMappingByWfmTeam(q: Queryable, wfmTeamId: string): Promise<TeamMapping | undefined> {
  const rows = await q.query<TeamRow>(`SELECT ${COLUMNS} FROM map_teams WHERE wfm_team_id = $1`, [wfmTeamId]);
  return rows[0] ? toMapping(rows[0]) : undefined;
}

/** Every team mapping, ordered by Teams team id. */
export async function listTeamMappings(q: Queryable): Promise<TeamMapping[]> {
  const rows = await q.query<TeamRow>(`SELECT ${COLUMNS} FROM map_teams ORDER BY team_id`);
  return rows.map(toMapping);
}

/** Removes a team mapping; true when one existed. */
export async function deleteTeamMapping(q: Queryable, teamId: string): Promise<boolean> {
  const rows = await q.query('DELETE FROM map_teams WHERE team_id = $1 RETURNING team_id', [teamId]);
  return rows.length > 0;
}
