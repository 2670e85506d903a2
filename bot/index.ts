/**
 * The alert bot: tells the managers of a team, in Teams chat, when the WFM rejects a Shifts
 * change or a sync fails, with cards they can act on (Retry, Mark as handled).
 */
export { createBotModule, DELIVERY_QUEUE, type BotDeps, type BotModule } from './module.ts';
export { botMigrations } from './migrations.ts';
export { PERSONAL_TAB_ENTITY_ID, tabLinks, type BotConfig } from './config.ts';
export type { TeamOwnersLookup } from './alerts/directory.ts';
export { graphTeamOwners } from './alerts/owners.ts';
export { graphAppInstaller, type AppInstaller } from './alerts/install.ts';
