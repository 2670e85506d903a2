import type { DeviceCodeStore } from './auth/deviceCodes.ts';
import type { TokenIssuer } from './auth/issuer.ts';
import type { Throttle } from './graph/throttle.ts';
import type { EmulatorSettings } from './options.ts';
import type { WfiClient } from './shifts/wfiClient.ts';
import type { EmulatorState } from './state.ts';

/** What every emulator handler works with: settings, state, and the shared machinery. */
export interface EmulatorContext {
  settings: EmulatorSettings;
  state: EmulatorState;
  issuer: TokenIssuer;
  /** Base URL used as token issuer (fixed once listening, so tokens stay valid across host names). */
  issuerBase(): string;
  throttle: Throttle;
  wfi: WfiClient;
  /** Device-code sign-ins in flight (Entra's device authorization grant). */
  deviceCodes: DeviceCodeStore;
}
