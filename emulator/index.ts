/**
 * The local Shifts emulator: Microsoft Graph's Shifts API, Entra tokens, and Shifts'
 * workforce-integration callbacks on one loopback port. See docs/emulator.md.
 */
export { createEmulator, type Emulator, type EmulatorHooks } from './emulator.ts';
export { emulatorOptionsSchema, type EmulatorOptions, type EmulatorSettings, type FaultSettings, type ThrottleSettings } from './options.ts';
export { seedSchema, type SeedInput } from './seed.ts';
export { EmulatorNetworkClient, emulatorAuthority, emulatorMsalConfig, type EmulatorMsalInput } from './auth/msal.ts';
export { EmulatorAuthenticationHandler, emulatorGraphMiddleware } from './auth/graphClient.ts';
export { GRAPH_AUDIENCE } from './auth/issuer.ts';
export { INVALID_DATA_MESSAGE, REJECTED_MESSAGE } from './shifts/wfiClient.ts';
export type { CallbackRecord, EmulatorState } from './state.ts';
export { DEMO_ADMIN, demoSeed, preregisterLocalIntegration, registerLocalIntegration, startLocalEmulator, type LocalEmulatorInput, type LocalIntegrationInput } from './local.ts';
