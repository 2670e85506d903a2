/**
 * Mappings kept by the connector: Teams team ↔ WFM team (with its zone and the owner to act
 * as), Entra user ↔ WFM employee, and Shifts id ↔ WFM id per entity. Every function takes a
 * `Queryable` first so callers can use it inside their own transaction.
 */
export { mappingMigrations } from './migrations.ts';
export {
  entityTypeSchema,
  teamMappingSchema,
  userMappingSchema,
  entityMappingSchema,
  entityMappingInputSchema,
  type TeamMapping,
  type UserMapping,
  type EntityMapping,
  type EntityMappingInput,
  type MappingError,
} from './schemas.ts';
export { upsertTeamMapping, getTeamMapping, getTeamMappingByWfmTeam, listTeamMappings, deleteTeamMapping } from './teams.ts';
export {
  upsertUserMapping,
  getEmployeeIdForUser,
  getUserIdForEmployee,
  getUserMapping,
  listUserMappings,
  deleteUserMapping,
} from './users.ts';
export {
  upsertEntityMapping,
  upsertEntityMappings,
  getEntityMappingByShiftsId,
  getEntityMappingByWfmId,
  deleteEntityMapping,
  listEntityMappings,
} from './entities.ts';
export { lookupMappings, entityLookupKey, type MappingLookup, type MappingLookupInput } from './lookup.ts';
export { seedDemoMappings } from './demo.ts';
export { createMappingsModule, type MappingsModuleDeps } from './module.ts';
export { parseCsv, parseCsvRecords, toCsv, CsvSyntaxError, type CsvRecord } from './csv.ts';
export {
  TEAM_CSV_COLUMNS,
  USER_CSV_COLUMNS,
  exportTeamMappingsCsv,
  exportUserMappingsCsv,
  parseTeamMappingsCsv,
  parseUserMappingsCsv,
  importMappingsCsv,
  wfmDirectory,
  type CsvProblem,
  type ImportSummary,
  type MappingFileProblem,
  type MappingFiles,
  type MappingImportError,
  type MappingImportSummary,
  type WfmDirectory,
} from './import-export.ts';
export { validateMappings, formatValidationReport, type ValidationReport, type ValidateOptions } from './validate.ts';
export {
  SYNC_ENTITY_KINDS,
  SYNC_MODES,
  syncModesSchema,
  effectiveModes,
  describeModes,
  formatSyncModes,
  parseSyncModes,
  kindOfWfiType,
  type SyncEntityKind,
  type SyncMode,
  type SyncModes,
  type EffectiveMode,
  type GlobalSyncMode,
} from './modes.ts';
