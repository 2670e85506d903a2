import type { WfmEntityType } from '../wfm/contract.ts';
import type { Queryable } from '../store/index.ts';
import { entityMappingInputSchema, type EntityMapping, type EntityMappingInput } from './schemas.ts';

interface EntityRow {
  team_id: string;
  entity_type: WfmEntityType;
  wfm_id: string;
  shifts_id: string;
  content_hash: string | null;
  wfm_version: string | null;
  updated_at: Date;
}

const COLUMNS = 'team_id, entity_type, wfm_id, shifts_id, content_hash, wfm_version, updated_at';

function toMapping(r: EntityRow): EntityMapping {
  return {
    teamId: r.team_id,
    entityType: r.entity_type,
    wfmId: r.wfm_id,
    shiftsId: r.shifts_id,
    contentHash: r.content_hash,
    wfmVersion: r.wfm_version,
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * Records that `wfmId` is `shiftsId` in Shifts. A Shifts id previously mapped to another WFM id
 * is re-pointed (the old row is dropped). Omitted `contentHash`/`wfmVersion` keep stored values.
 */
export async function upsertEntityMapping(q: Queryable, input: EntityMappingInput): Promise<EntityMapping> {
  const m = entityMappingInputSchema.parse(input);
  await q.query(
    'DELETE FROM map_entities WHERE team_id = $1 AND entity_type = $2 AND shifts_id = $3 AND wfm_id <> $4',
    [m.teamId, m.entityType, m.shiftsId, m.wfmId],
  );
  const rows = await q.query<EntityRow>(
    `INSERT INTO map_entities (${COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (team_id, entity_type, wfm_id) DO UPDATE SET
       shifts_id = EXCLUDED.shifts_id,
       content_hash = CASE WHEN $7 THEN EXCLUDED.content_hash ELSE map_entities.content_hash END,
       wfm_version = CASE WHEN $8 THEN EXCLUDED.wfm_version ELSE map_entities.wfm_version END,
       updated_at = now()
     RETURNING ${COLUMNS}`,
    [
      m.teamId,
      m.entityType,
      m.wfmId,
      m.shiftsId,
      m.contentHash ?? null,
      m.wfmVersion ?? null,
      m.contentHash !== undefined,
      m.wfmVersion !== undefined,
    ],
  );
  return toMapping(rows[0]!);
}

/** The mapping of a Shifts entity, or undefined. */
export async function getEntityMappingByShiftsId(
  q: Queryable,
  teamId: string,
  entityType: WfmEntityType,
  shiftsId: string,
): Promise<EntityMapping | undefined> {
  const rows = await q.query<EntityRow>(
    `SELECT ${COLUMNS} FROM map_entities WHERE team_id = $1 AND entity_type = $2 AND shifts_id = $3`,
    [teamId, entityType, shiftsId],
  );
  return rows[0] ? toMapping(rows[0]) : undefined;
}

/** The mapping of a WFM entity, or undefined. */
export async function getEntityMappingByWfmId(
  q: Queryable,
  teamId: string,
  entityType: WfmEntityType,
  wfmId: string,
): Promise<EntityMapping | undefined> {
  const rows = await q.query<EntityRow>(
    `SELECT ${COLUMNS} FROM map_entities WHERE team_id = $1 AND entity_type = $2 AND wfm_id = $3`,
    [teamId, entityType, wfmId],
  );
  return rows[0] ? toMapping(rows[0]) : undefined;
}

/** Drops the mapping of a WFM entity; true when one existed. */
export async function deleteEntityMapping(
  q: Queryable,
  teamId: string,
  entityType: WfmEntityType,
  wfmId: string,
): Promise<boolean> {
  const rows = await q.query(
    'DELETE FROM map_entities WHERE team_id = $1 AND entity_type = $2 AND wfm_id = $3 RETURNING wfm_id',
    [teamId, entityType, wfmId],
  );
  return rows.length > 0;
}

/** Mappings of a team (optionally one entity type), ordered by type then WFM id. */
export async function listEntityMappings(
  q: Queryable,
  teamId: string,
  entityType?: WfmEntityType,
): Promise<EntityMapping[]> {
  const rows = entityType
    ? await q.query<EntityRow>(
        `SELECT ${COLUMNS} FROM map_entities WHERE team_id = $1 AND entity_type = $2 ORDER BY entity_type, wfm_id`,
        [teamId, entityType],
      )
    : await q.query<EntityRow>(`SELECT ${COLUMNS} FROM map_entities WHERE team_id = $1 ORDER BY entity_type, wfm_id`, [
        teamId,
      ]);
  return rows.map(toMapping);
}
