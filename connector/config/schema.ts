import { isIP } from 'node:net';
import cronParser from 'cron-parser';
import { z } from 'zod';

/**
 * The environment contract of the whole deployment. Only the composition root reads the
 * environment; every capability receives the typed slice it needs from `AppConfig`.
 *
 * Each variable's schema carries its own rule text so a bad value is reported as
 * "NAME: rule" without a stack trace (see `loadConfig`).
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** A URL the WHATWG parser accepts, with an http(s) scheme and a host (no spaces, no bare "https://"). */
function isHttpUrl(v: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(v)) return false;
  try {
    return new URL(v).hostname !== '';
  } catch {
    // The URL constructor's TypeError is the answer here: not a URL.
    return false;
  }
}

const optionalUrl = (what: string) =>
  optionalString.refine((v) => v === undefined || isHttpUrl(v), {
    message: `must be an http(s) URL (${what})`,
  });

/**
 * A 5-field cron expression the scheduler (pg-boss, through cron-parser) will accept: parsed
 * here so "99 99 * * *" is one config line at start-up rather than a stack trace from the
 * scheduler after the app has started.
 */
function cronProblem(v: string): string | undefined {
  if (!/^\S+( \S+){4}$/.test(v)) return 'must be a cron expression with 5 fields, e.g. "15 3 * * *"';
  try {
    cronParser.parseExpression(v, { utc: true });
    return undefined;
  } catch (err) {
    return `is not a valid cron expression (${(err as Error).message}), e.g. "15 3 * * *"`;
  }
}

const intInRange = (def: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return def;
      if (!/^\d+$/.test(v)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      const n = Number(v);
      if (n < min || n > max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const wfiSecret = optionalString.refine((v) => v === undefined || v.length === 64, {
  message: 'must be exactly 64 characters (Shifts rejects any other length)',
});

const guidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Entity types Shifts may send to /update, in the casing used for config lists. */
export const WFI_ENTITY_TYPES = [
  'Shift',
  'SwapRequest',
  'OpenShift',
  'OpenShiftRequest',
  'OfferShiftRequest',
  'TimeOff',
  'TimeOffRequest',
  'TimeOffReason',
] as const;
export type WfiEntityType = (typeof WFI_ENTITY_TYPES)[number];

const entityList = optionalString.transform((v, ctx) => {
  if (v === undefined) return [] as WfiEntityType[];
  const out: WfiEntityType[] = [];
  for (const raw of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const hit = WFI_ENTITY_TYPES.find((e) => e.toLowerCase() === raw.toLowerCase());
    if (!hit) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `unknown entity type "${raw}"; use a comma-separated list of ${WFI_ENTITY_TYPES.join(', ')}`,
      });
      return z.NEVER;
    }
    out.push(hit);
  }
  return out;
});

export const envSchema = z.object({
  PORT: intInRange(3978, 0, 65535),
  /** Address to listen on; default 127.0.0.1 in local mode, 0.0.0.0 otherwise. */
  HOST: optionalString.refine((v) => v === undefined || isIP(v) !== 0 || v === 'localhost', {
    message: 'must be an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0',
  }),
  /** Local mode runs without authentication: listening beyond loopback needs this explicit opt-in. */
  LOCAL_MODE_ALLOW_REMOTE: z.enum(['true', 'false']).default('false'),
  PUBLIC_URL: optionalUrl('the address Shifts and Teams reach this deployment at'),
  DATA_DIR: optionalString,
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// or postgresql:// connection URL',
  }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto` (default): human lines on a terminal, JSON lines otherwise; `json` or `pretty` to force. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  TENANT_ID: optionalString.refine((v) => v === undefined || guidLike.test(v), {
    message: 'must be the Entra tenant id (a GUID)',
  }),
  WFI_ID: optionalString,
  WFI_SECRET: wfiSecret,
  WFI_SECRET_PREVIOUS: wfiSecret,
  SYNC_MODE: z.enum(['two-way', 'one-way']).default('two-way'),
  ONE_WAY_ALLOWED_ENTITIES: entityList,
  SYNC_INTERVAL_MINUTES: intInRange(10, 1, 1440),
  SYNC_WINDOW_DAYS: intInRange(14, 1, 365),
  /** Sync engine: write drafts and share once per team and run (one notification, not one per shift). */
  SYNC_DRAFTS: z.enum(['true', 'false']).default('false'),
  /** With SYNC_DRAFTS: whether sharing notifies the team. */
  SYNC_NOTIFY_TEAM: z.enum(['true', 'false']).default('true'),
  /** Reconcile removes Shifts items in the window that the WFM does not have. */
  SYNC_REMOVE_UNMANAGED: z.enum(['true', 'false']).default('true'),
  /** Cron (UTC) of the full reconcile of every team. */
  SYNC_RECONCILE_CRON: optionalString.superRefine((v, ctx) => {
    const problem = v === undefined ? undefined : cronProblem(v);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }),
  /** Automatic sync (interval, nightly reconcile, WFM push); `false` leaves only on-demand runs. */
  SYNC_AUTOMATIC: z.enum(['true', 'false']).default('true'),
  /** How long a run holds its team after its instance dies (renewed every third of it while running). */
  SYNC_LEASE_SECONDS: intInRange(120, 2, 3600),
  /** Teams synced in parallel by one instance (0: this instance serves HTTP and runs no syncs). */
  SYNC_CONCURRENCY: intInRange(4, 0, 64),
  /** A team is degraded once a WFM change has waited this long to reach Shifts. */
  SYNC_FRESHNESS_ALERT_MINUTES: intInRange(5, 1, 1440),
  /** Automatic retries of a failed entity before it waits for a person. */
  SYNC_MAX_RETRIES: intInRange(5, 0, 100),
  /** Graph's Shifts limits (per app): requests/s on one team, and per tenant writes/deletes/reads per second. */
  GRAPH_TEAM_RPS: intInRange(4, 1, 1000),
  GRAPH_TENANT_WRITES_PER_SECOND: intInRange(30, 1, 10000),
  GRAPH_TENANT_DELETES_PER_SECOND: intInRange(15, 1, 10000),
  GRAPH_TENANT_READS_PER_SECOND: intInRange(30, 1, 10000),
  GRAPH_BASE_URL: optionalUrl('Microsoft Graph, e.g. https://graph.microsoft.com'),
  AUTHORITY_HOST: optionalUrl('the Entra authority host, e.g. https://login.microsoftonline.com'),
  /** The Entra application (client) id: a GUID. */
  CLIENT_ID: optionalString.refine((v) => v === undefined || guidLike.test(v), {
    message: 'must be the Entra application (client) id (a GUID)',
  }),
  CLIENT_SECRET: optionalString,
  CLIENT_SECRET_EXPIRES_AT: optionalString.refine((v) => v === undefined || !Number.isNaN(Date.parse(v)), {
    message: 'must be an ISO 8601 date, e.g. 2027-03-01',
  }),
  BOT_ID: optionalString,
  BOT_PASSWORD: optionalString,
  /** Teams app id (manifest `id`), for deep links to the personal tab; defaults to BOT_ID. */
  TEAMS_APP_ID: optionalString,
  /** Signing keys (JWKS) of Bot Framework channel tokens; another cloud's, or a test issuer's. */
  BOT_KEYS_URL: optionalUrl('the Bot Framework JWKS, default https://login.botframework.com/v1/.well-known/keys'),
  BOT_DIGEST_THRESHOLD: intInRange(5, 1, 1000),
  BOT_DIGEST_WINDOW_SECONDS: intInRange(120, 10, 86400),
  /** Org-catalog id of the app: when set, the bot installs itself for managers through Graph. */
  BOT_AUTO_INSTALL_APP_ID: optionalString,
  WFM_ADAPTER: z.enum(['embedded', 'http']).default('embedded'),
  WFM_BASE_URL: optionalUrl('the WFM REST interface'),
  WFM_API_KEY: optionalString,
  WFM_TOKEN_URL: optionalUrl('the WFM OAuth2 token endpoint'),
  WFM_CLIENT_ID: optionalString,
  WFM_CLIENT_SECRET: optionalString,
  WFM_ADMIN_KEY: optionalString,
  /** Comma-separated API keys; when set, the embedded WFM serves the WFM HTTP contract at /wfm-api/v1. */
  WFM_API_KEYS: optionalString,
  EMULATOR_PORT: intInRange(3979, 0, 65535),
  /** Application ID URI the tab's SSO tokens are issued for; default api://{PUBLIC_URL host}/{CLIENT_ID} (local: api://localhost/{client id}). */
  TAB_APP_ID_URI: optionalString.refine((v) => v === undefined || /^api:\/\/\S+$/.test(v), {
    message: 'must be an Application ID URI such as api://contoso.example/00000000-0000-0000-0000-000000000000',
  }),
  CALENDAR_WINDOW_PAST_DAYS: intInRange(7, 0, 365),
  CALENDAR_WINDOW_FUTURE_DAYS: intInRange(42, 1, 365),
  CALENDAR_FEED_RATE_PER_HOUR: intInRange(60, 1, 100000),
  CALENDAR_FEED_BURST: intInRange(10, 1, 10000),
  CALENDAR_LINK_TTL_DAYS: intInRange(0, 0, 3650),
  CALENDAR_PUSH: z.enum(['off', 'on']).default('off'),
  CALENDAR_CONFLICT_POLICY: z.enum(['flag', 'override', 'ignore']).default('flag'),
  CALENDAR_PUSH_INTERVAL_MINUTES: intInRange(15, 1, 1440),
  /** Days the webhook keeps its decisions and idempotency records before pruning them. */
  WEBHOOK_RETENTION_DAYS: intInRange(30, 1, 3650),
  /** `doctor`: a worker's Entra user id whose mailbox the push must reach. */
  CALENDAR_SCOPE_SAMPLE_USER: optionalString.refine((v) => v === undefined || guidLike.test(v), {
    message: "must be a worker's Entra object id (a GUID)",
  }),
  /** `doctor`: an Entra user id outside the workers' mailbox scope, which the push must not reach. */
  CALENDAR_SCOPE_OUTSIDE_USER: optionalString.refine((v) => v === undefined || guidLike.test(v), {
    message: 'must be the Entra object id (a GUID) of a user outside the scope',
  }),
});

export type RawEnv = z.input<typeof envSchema>;
export type ParsedEnv = z.output<typeof envSchema>;

/** Variables that hold secrets: each may also be given as NAME_FILE, and none is ever logged. */
export const SECRET_VARIABLES = [
  'WFI_SECRET',
  'WFI_SECRET_PREVIOUS',
  'CLIENT_SECRET',
  'BOT_PASSWORD',
  'DATABASE_URL',
  'WFM_API_KEY',
  'WFM_CLIENT_SECRET',
  'WFM_ADMIN_KEY',
  'WFM_API_KEYS',
] as const;
