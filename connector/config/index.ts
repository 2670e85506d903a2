export { loadConfig, ConfigError, type AppConfig, type LoadOptions } from './load.ts';
export { WFI_ENTITY_TYPES, SECRET_VARIABLES, type WfiEntityType } from './schema.ts';
