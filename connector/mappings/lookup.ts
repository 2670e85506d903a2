/**
 * One round trip for everything a Shifts change needs from the mappings: the team mapping,
 * the employees of the people mentioned and the WFM ids of the entities mentioned. The
 * webhook asks before translating a request, so a shift change costs one query here instead
 * of one per id.
 */
import type { Queryable } from '../store/index.ts';
import type { WfmEntityType } from '../wfm/contract.ts';
import { normalizeModes, type SyncModes } from './modes.ts';
import type { EntityMapping, TeamMapping } from './schemas.ts';

export interface MappingLookupInput {
  teamId: string;
  userIds: readonly string[];
  entities: ReadonlyArray<{ entityType: WfmEntityType; shiftsId: string }>;
}

export interface MappingLookup {
  team: TeamMapping | undefined;
  /** Entra user id → WFM employee id, for every asked user that is mapped. */
  employees: Map<string, string>;
  /** `entityType:shiftsId` → mapping, for every asked entity that is mapped. */
  entities: Map<string, EntityMapping>;
}

/** The key of `MappingLookup.entities`. */
export const entityLookupKey = (entityType: WfmEntityType, shiftsId: string) => `${entityType}:${shiftsId}`;

interface LookupRow {
  team: { team_id: string; wfm_team_id: string; time_zone: string; owner_user_id: string | null; manager_user_ids: string[]; enabled: boolean; sync_modes: SyncModes } | null;
  users: Array<{ u: string; e: string }>;
  entities: Array<{ t: WfmEntityType; w: string; s: string; h: string | null; v: string | null; at: string }>;
}

/** Looks up the team, the users and the entities of one request in a single statement. */
export async function lookupMappings(q: Queryable, input: MappingLookupInput): Promise<MappingLookup> {
  const rows = await q.query<LookupRow>(
    `SELECT
       (SELECT json_build_object('team_id', team_id, 'wfm_team_id', wfm_team_id, 'time_zone', time_zone,
                 'owner_user_id', owner_user_id, 'manager_user_ids', manager_user_ids, 'enabled', enabled, 'sync_modes', sync_modes)
          FROM map_teams WHERE team_id = $1) AS team,
       (SELECT coalesce(json_agg(json_build_object('u', user_id, 'e', wfm_employee_id)), '[]'::json)
          FROM map_users WHERE user_id = ANY($2::text[])) AS users,
       (SELECT coalesce(json_agg(json_build_object('t', m.entity_type, 'w', m.wfm_id, 's', m.shifts_id,
                 'h', m.content_hash, 'v', m.wfm_version, 'at', m.updated_at)), '[]'::json)
          FROM map_entities m
         WHERE m.team_id = $1 AND m.entity_type = ANY($3::text[]) AND m.shifts_id = ANY($4::text[])) AS entities`,
    [input.teamId, [...input.userIds], input.entities.map((e) => e.entityType), input.entities.map((e) => e.shiftsId)],
  );
  const row = rows[0];
  const t = row?.team ?? null;
  const asked = new Set(input.entities.map((e) => entityLookupKey(e.entityType, e.shiftsId)));
  return {
    team: t
      ? { teamId: t.team_id, wfmTeamId: t.wfm_team_id, timeZone: t.time_zone, ownerUserId: t.owner_user_id, managerUserIds: [...t.manager_user_ids], enabled: t.enabled, syncModes: normalizeModes(t.sync_modes) }
      : undefined,
    employees: new Map((row?.users ?? []).map((u) => [u.u, u.e])),
    entities: new Map(
      // The statement matches types and ids separately (an index scan, where joining the
      // pairs planned a scan of the team's whole table); keep only the pairs asked for.
      (row?.entities ?? []).filter((e) => asked.has(entityLookupKey(e.t, e.s))).map((e) => [
        entityLookupKey(e.t, e.s),
        { teamId: input.teamId, entityType: e.t, wfmId: e.w, shiftsId: e.s, contentHash: e.h, wfmVersion: e.v, updatedAt: new Date(e.at).toISOString() },
      ]),
    ),
  };
}
