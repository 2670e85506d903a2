/**
 * The WFM capability: the adapter contract everyone codes against, the embedded reference
 * WFM (default) and the HTTP adapter for a customer's own WFM.
 */
export * from './contract.ts';
export { createWfmAdapter, isEmbedded, type WfmDeps } from './factory.ts';
export { createEmbeddedWfm, embeddedWfmMigrations, isBatchable, type AndThen, type BatchAndThen, type BatchItem, type EmbeddedWfm } from './embedded/index.ts';
export { createHttpWfmAdapter, type HttpAdapterOptions } from './http/adapter.ts';
export { wfmApiRoutes, type WfmApiOptions } from './http-server/index.ts';
export { createWfmModule, WFM_API_PREFIX, type WfmModule, type WfmModuleDeps } from './module.ts';
export * as wfmSchemas from './schemas.ts';
export * as demo from './embedded/demo.ts';
export { isValidTimeZone, localDate, localWeekBounds, zonedTimeToUtc } from './time.ts';
