/**
 * WFM → Shifts sync: initial and continuous sync at Graph's rate limits, reconciliation,
 * failure records with retry, run records and team health. See docs/sync.md.
 */
export { createSyncModule, tokenTenant, type SyncModule, type SyncModuleDeps } from './module.ts';
export { syncMigrations } from './migrations.ts';
export { countRejectedLast24h } from './rejected.ts';
export { runTeamSync, DEFAULT_GROUP_ID, type EngineConfig, type EngineDeps } from './engine.ts';
export { ensureSchedule } from './schedule.ts';
export { describeLag, describeOldestWaiting, localTime } from './freshness-text.ts';
export { contentHash, projection, SYNCED_TYPES, COLLECTION, type SyncedType } from './entities.ts';
export { planFull, planChange, type PlannedOp } from './plan.ts';
export { RUN_TRANSITIONS, type RunRecord, type FixedItem } from './runs.ts';
export { FAILURE_TRANSITIONS, DEFAULT_FAILURE_POLICY } from './failures.ts';
export type * from './service.ts';
