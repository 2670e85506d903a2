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

/**
 * `upsertEntityMapping` for several entities in two statements (the webhook's group commit).
 * When the list names one entity or one Shifts id twice, the last one wins, as if applied in order.
 */
export async function upsertEntityMappings(
  q: Queryable,
  inputs: readonly EntityMappingInput[],
  opts: {
    /**
     * True for an entity whose Shifts id is known to be unmapped or mapped to this very WFM id
     * (the caller looked it up), so there is no old row to drop. A row that appeared since
     * makes the insert fail on the Shifts-id key, never leaves two rows.
     */
    alreadyFree?: (m: EntityMappingInput) => boolean;
  } = {},
): Promise<void> {
  if (inputs.length === 0) return;
  const byWfm = new Map<string, EntityMappingInput>();
  for (const input of inputs) {
    const m = entityMappingInputSchema.parse(input);
    byWfm.delete(`${m.teamId}\u0000${m.entityType}\u0000${m.wfmId}`);
    byWfm.set(`${m.teamId}\u0000${m.entityType}\u0000${m.wfmId}`, m);
  }
  const byShifts = new Map<string, EntityMappingInput>();
  for (const m of byWfm.values()) byShifts.set(`${m.teamId}\u0000${m.entityType}\u0000${m.shiftsId}`, m);
  const rows = [...byShifts.values()];
  const moved = opts.alreadyFree ? rows.filter((m) => !opts.alreadyFree!(m)) : rows;
  const col = <T>(f: (m: EntityMappingInput) => T) => moved.map(f);
  // The ANY conditions give the planner an index scan on (team, type, Shifts id); the join
  // alone planned a scan of the team's whole table.
  if (moved.length > 0) await q.query(
    `DELETE FROM map_entities m USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(team_id, entity_type, shifts_id, wfm_id)
      WHERE m.team_id = ANY($1::text[]) AND m.entity_type = ANY($2::text[]) AND m.shifts_id = ANY($3::text[])
        AND m.team_id = v.team_id AND m.entity_type = v.entity_type AND m.shifts_id = v.shifts_id AND m.wfm_id <> v.wfm_id`,
    [col((m) => m.teamId), col((m) => m.entityType), col((m) => m.shiftsId), col((m) => m.wfmId)],
  );
  // Omitted hash/version keep the stored value: one statement per combination present
  // (usually one: the webhook always sets the version and never the hash).
  for (const setHash of [false, true]) {
    for (const setVersion of [false, true]) {
      const group = rows.filter((m) => (m.contentHash !== undefined) === setHash && (m.wfmVersion !== undefined) === setVersion);
      if (group.length === 0) continue;
      await q.query(
        `INSERT INTO map_entities (${COLUMNS})
         SELECT v.team_id, v.entity_type, v.wfm_id, v.shifts_id, v.content_hash, v.wfm_version, now()
           FROM json_to_recordset($1::json) AS v(team_id text, entity_type text, wfm_id text, shifts_id text, content_hash text, wfm_version text)
         ON CONFLICT (team_id, entity_type, wfm_id) DO UPDATE SET
           shifts_id = EXCLUDED.shifts_id,
           content_hash = ${setHash ? 'EXCLUDED.content_hash' : 'map_entities.content_hash'},
           wfm_version = ${setVersion ? 'EXCLUDED.wfm_version' : 'map_entities.wfm_version'},
           updated_at = now()`,
        [
          JSON.stringify(
            group.map((m) => ({
              team_id: m.teamId,
              entity_type: m.entityType,
              wfm_id: m.wfmId,
              shifts_id: m.shiftsId,
              content_hash: m.contentHash ?? null,
              wfm_version: m.wfmVersion ?? null,
            })),
          ),
        ],
      );
    }
  }
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
