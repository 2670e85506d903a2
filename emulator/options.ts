import { z } from 'zod';

/** Graph throttling limits (token buckets per app). */
export const throttleSchema = z.object({
  enabled: z.boolean().default(true),
  /** Any request on one team, per app (Graph: 4 rps). */
  perTeamPerSecond: z.number().positive().default(4),
  /** POST/PUT/PATCH under /teams/{id}/schedule, per app per tenant (Graph: 30 rps). */
  tenantWritesPerSecond: z.number().positive().default(30),
  /** DELETE under /teams/{id}/schedule, per app per tenant (Graph: 15 rps). */
  tenantDeletesPerSecond: z.number().positive().default(15),
  /** GET under /teams/{id}/schedule, per app per tenant (Graph: 30 rps). */
  tenantReadsPerSecond: z.number().positive().default(30),
});

/** Fault injection on Graph calls. */
export const faultsSchema = z.object({
  /** Added to every Graph response, in ms (plus up to `latencyJitterMs`). */
  latencyMs: z.number().int().min(0).default(0),
  latencyJitterMs: z.number().int().min(0).default(0),
  /** Share (0..1) of Graph requests answered 503 with Retry-After. */
  errorRate: z.number().min(0).max(1).default(0),
  /** Share (0..1) of Graph requests that never answer (socket closed after `timeoutMs`). */
  timeoutRate: z.number().min(0).max(1).default(0),
  timeoutMs: z.number().int().min(0).default(30_000),
  /** The next n Graph writes ($batch included) are applied, but their answer never arrives (socket closed after `timeoutMs`). */
  loseAnswers: z.number().int().min(0).default(0),
});

/**
 * Everything the emulator can be told. Defaults give a realistic local setup: Graph's own
 * throttling limits, no injected faults, and one confidential client for the connector.
 * The emulator never reads the environment; `emulator/main.ts` maps it into these options.
 */
export const emulatorOptionsSchema = z.object({
  /** The one tenant the emulator plays. */
  tenantId: z.string().min(1).default('8b7e0f1c-5d4a-4c1e-9f0a-2f6d3c5b7a10'),
  /** Confidential clients allowed to use the client-credentials grant. */
  clients: z
    .array(z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }))
    .default([{ clientId: 'local-connector', clientSecret: 'local-connector-secret' }]),
  /**
   * Audience of user access tokens minted by `POST /local/sign-in` (tab single sign-on).
   * Default: `api://localhost/{first client id}`.
   */
  userTokenAudience: z.string().optional(),
  /**
   * Mailboxes app tokens may reach (Entra user ids), as an Exchange Online RBAC for Applications
   * management scope limits `Calendars.ReadWrite`; others answer 403 ErrorAccessDenied. Unset:
   * every mailbox (tenant-wide consent).
   */
  mailboxScope: z.array(z.string().min(1)).optional(),
  /** Items per page of a Graph collection before `@odata.nextLink` (Graph does not document it). */
  pageSize: z.number().int().min(1).max(1000).default(100),
  throttle: throttleSchema.default({}),
  faults: faultsSchema.default({}),
  callbacks: z
    .object({
      /** Attempts per callback when the connector answers non-200 or invalid JSON. */
      attempts: z.number().int().min(1).max(10).default(3),
      /** Pause between attempts, in ms. */
      retryDelayMs: z.number().int().min(0).default(250),
      /** Per-attempt HTTP timeout, in ms. */
      timeoutMs: z.number().int().min(100).default(10_000),
      /** X-MS-Expires lies this far ahead of the call (Shifts: about 30 s). */
      expiresInSeconds: z.number().int().min(1).default(30),
      /** How many callbacks the inspection page keeps. */
      keep: z.number().int().min(1).default(200),
    })
    .default({}),
  /** Entra's device authorization grant (`/oauth2/v2.0/devicecode`): Entra's 15 minutes and 5 s by default. */
  deviceCode: z
    .object({
      /** How long a user code can be entered (`expires_in`), in seconds. */
      expiresInSeconds: z.number().int().min(1).default(900),
      /** How often clients poll the token endpoint (`interval`), in seconds. */
      intervalSeconds: z.number().int().min(1).default(5),
    })
    .default({}),
  /** A new schedule stays `provisionStatus: Running` this long (0: provisioned at once). */
  provisionDelayMs: z.number().int().min(0).default(0),
  /**
   * Keep the state (teams, schedules, integrations, events) in this JSON file across
   * restarts. Without it the emulator starts empty every time.
   */
  statePath: z.string().optional(),
  /** Public base URL (issuer, nextLink) when it differs from the listening address. */
  publicUrl: z.string().url().optional(),
});

/** Options as callers write them (everything optional). */
export type EmulatorOptions = z.input<typeof emulatorOptionsSchema>;
/** Options after defaults. */
export type EmulatorSettings = z.output<typeof emulatorOptionsSchema>;
export type FaultSettings = EmulatorSettings['faults'];
export type ThrottleSettings = EmulatorSettings['throttle'];
