/**
 * Who looks after a team, and how to name it on a card. Managers come from the team mapping
 * (`managerUserIds`, set by an administrator) and, when a Graph lookup is wired in, from the
 * team's owners in Microsoft 365.
 */
import { getTeamMapping, listTeamMappings } from '../../connector/mappings/index.ts';
import type { Queryable } from '../../connector/store/index.ts';
import type { SyncService } from '../../connector/sync/service.ts';
import type { TeamLabel } from '../cards/index.ts';

/** Entra object ids of a team's owners (Graph `GET /groups/{id}/owners`). */
export type TeamOwnersLookup = (teamId: string) => Promise<string[]>;

export interface TeamDirectory {
  /** Managers from the team mapping, inside the caller's transaction. */
  managers(q: Queryable, teamId: string): Promise<string[]>;
  /** Graph owners of a team; empty when no lookup is wired or it fails (managers still get it). */
  owners(teamId: string): Promise<string[]>;
  /** The teams a user manages (mapping managers and owner), for `status` and `failures`. */
  teamsOf(userId: string): Promise<string[]>;
  /** Name and time zone for cards. */
  label(teamId: string): Promise<TeamLabel>;
}

export interface DirectoryDeps {
  db: Queryable;
  sync: SyncService | undefined;
  ownersOf: TeamOwnersLookup | undefined;
  onOwnersError: (teamId: string, err: unknown) => void;
}

export function createTeamDirectory(deps: DirectoryDeps): TeamDirectory {
  return {
    async managers(q, teamId) {
      const mapping = await getTeamMapping(q, teamId);
      return mapping ? mapping.managerUserIds : [];
    },
    async owners(teamId) {
      if (!deps.ownersOf) return [];
      try {
        return await deps.ownersOf(teamId);
      } catch (err) {
        deps.onOwnersError(teamId, err);
        return [];
      }
    },
    async teamsOf(userId) {
      const mine = (await listTeamMappings(deps.db))
        .filter((m) => m.managerUserIds.includes(userId) || m.ownerUserId === userId)
        .map((m) => m.teamId);
      // Owners found through Graph are not in the mapping: the alerts they received say which teams.
      const alerted = await deps.db.query<{ team_id: string }>(
        `SELECT DISTINCT a.team_id FROM bot_deliveries d JOIN bot_alerts a ON d.target = 'alert' AND a.id = d.target_id
         WHERE d.user_id = $1`,
        [userId],
      );
      return [...new Set([...mine, ...alerted.map((r) => r.team_id)])];
    },
    async label(teamId) {
      const mapping = await getTeamMapping(deps.db, teamId);
      const status = deps.sync ? (await deps.sync.teamStatuses([teamId]))[0] : undefined;
      return {
        name: status?.teamName ?? mapping?.wfmTeamId ?? teamId,
        timeZone: mapping?.timeZone ?? status?.timeZone ?? 'UTC',
      };
    },
  };
}
