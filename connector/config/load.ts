import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { parseEnv } from 'node:util';
import { isLoopback } from '../http/loopback.ts';
import { envSchema, SECRET_VARIABLES, type ParsedEnv, type WfiEntityType } from './schema.ts';

/** The validated configuration of one deployment. Capabilities take the slice they need. */
export interface AppConfig {
  /** No Entra credentials: everything runs on this machine (PGlite, embedded WFM, emulator). */
  localMode: boolean;
  server: {
    port: number;
    /** Listening address (`HOST`); loopback in local mode unless `remoteInLocalMode`. */
    host: string;
    publicUrl: string;
    /** Local mode listening beyond loopback, by the operator's explicit choice (warned at start). */
    remoteInLocalMode: boolean;
  };
  store: { dataDir: string; databaseUrl: string | undefined };
  log: { level: ParsedEnv['LOG_LEVEL']; format: ParsedEnv['LOG_FORMAT'] };
  tenantId: string | undefined;
  wfi: {
    id: string;
    /** Accepted secrets, current first; `WFI_SECRET_PREVIOUS` second during rotation. */
    secrets: string[];
  };
  /** The Shifts webhook: how long its decisions and idempotency records are kept. */
  webhook: { retentionDays: number };
  sync: {
    mode: 'two-way' | 'one-way';
    /** Entity types Shifts may still change in one-way mode (for example TimeOffRequest). */
    oneWayAllowed: WfiEntityType[];
    intervalMinutes: number;
    windowDays: number;
    drafts: boolean;
    notifyTeam: boolean;
    removeUnmanaged: boolean;
    /** Cron (UTC) of the full reconcile; default nightly. */
    reconcileCron: string;
    automatic: boolean;
    leaseSeconds: number;
    concurrency: number;
    maxRetries: number;
    /** Oldest unsynced WFM change, in minutes, past which a team is degraded. */
    freshnessAlertMinutes: number;
    /** Graph's Shifts rate limits the engine paces itself to. */
    limits: { perTeam: number; tenantWrites: number; tenantDeletes: number; tenantReads: number };
  };
  graph: {
    baseUrl: string;
    authorityHost: string;
    clientId: string | undefined;
    clientSecret: string | undefined;
    clientSecretExpiresAt: string | undefined;
  };
  bot: {
    id: string | undefined;
    password: string | undefined;
    /** JWKS of Bot Framework channel tokens (`BOT_KEYS_URL`); undefined: the public cloud's. */
    keysUrl: string | undefined;
    /** Teams app id for deep links (TEAMS_APP_ID, else BOT_ID). */
    teamsAppId: string | undefined;
    /** More than `digestThreshold` alerts for one team within `digestWindowSeconds` become one digest card. */
    digestThreshold: number;
    digestWindowSeconds: number;
    /** Org-catalog app id to install for managers through Graph (unset: managers install it). */
    autoInstallAppId: string | undefined;
  };
  wfm: {
    adapter: 'embedded' | 'http';
    baseUrl: string | undefined;
    apiKey: string | undefined;
    oauth: { tokenUrl: string; clientId: string; clientSecret: string } | undefined;
    adminKey: string | undefined;
    /** Keys for the WFM HTTP contract served over the embedded WFM (`/wfm-api/v1`); empty: not served. */
    serveApiKeys?: string[];
  };
  emulator: { port: number };
  /** Tab SSO: the Application ID URI override (`TAB_APP_ID_URI`). */
  tab: { appIdUri: string | undefined };
  calendar: {
    /** Feed window: days before today and after it. */
    windowPastDays: number;
    windowFutureDays: number;
    /** Per-link feed rate limit: sustained requests per hour and burst. */
    feedRatePerHour: number;
    feedBurst: number;
    /** Default lifetime of a new link in days; 0 = no expiry. */
    linkTtlDays: number;
    /** Outlook push through Graph (off by default). */
    push: 'off' | 'on';
    conflictPolicy: 'flag' | 'override' | 'ignore';
    pushIntervalMinutes: number;
    /** `doctor`'s mailbox-scope check: a mailbox the push must reach, and one it must not. */
    scopeCheck: { sampleUserId: string | undefined; outsideUserId: string | undefined };
  };
}

/** Thrown for an invalid configuration; `problems` holds one "NAME: rule" entry per variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** Working directory used to find `.env` and resolve relative paths. */
  cwd?: string;
  /** Read `.env` from cwd (default true). Tests turn this off. */
  dotenv?: boolean;
}

/**
 * Maps an environment into a validated `AppConfig`, listing every problem at once.
 * Secrets may come from `NAME_FILE` (a mounted file). Values in `env` win over `.env`.
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadOptions = {}): AppConfig {
  const cwd = options.cwd ?? process.cwd();
  const merged: Record<string, string | undefined> = {};
  if (options.dotenv !== false) {
    const dotenvPath = join(cwd, '.env');
    if (existsSync(dotenvPath)) Object.assign(merged, parseEnv(readFileSync(dotenvPath, 'utf8')));
  }
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;

  const problems: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const file = merged[`${name}_FILE`];
    if (file === undefined || file === '') continue;
    if (merged[name] !== undefined && merged[name] !== '') {
      problems.push(`${name}: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      merged[name] = readFileSync(resolve(cwd, file), 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'config');
      const message =
        issue.code === 'invalid_enum_value' ? `must be one of ${issue.options.join(', ')}` : issue.message;
      problems.push(`${name}: ${message}`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;

  const localMode = e.CLIENT_ID === undefined && e.CLIENT_SECRET === undefined;
  if ((e.CLIENT_ID === undefined) !== (e.CLIENT_SECRET === undefined)) {
    problems.push('CLIENT_ID: CLIENT_ID and CLIENT_SECRET must be set together (or neither, for local mode)');
  }
  if ((e.BOT_ID === undefined) !== (e.BOT_PASSWORD === undefined)) {
    problems.push('BOT_ID: BOT_ID and BOT_PASSWORD must be set together (or neither, for local mode)');
  }
  if (!localMode) {
    if (!e.PUBLIC_URL) problems.push('PUBLIC_URL: required when CLIENT_ID is set (the https address Shifts calls)');
    if (!e.TENANT_ID) problems.push('TENANT_ID: required when CLIENT_ID is set');
    if (!e.WFI_SECRET) problems.push('WFI_SECRET: required when CLIENT_ID is set (64 characters, shared with Shifts)');
  }
  // Local mode has no sign-in worth the name (any manager's token on request, an open WFM admin
  // API): it must stay on this machine unless the operator says otherwise in so many words.
  const host = e.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0');
  const remoteInLocalMode = localMode && !isLoopback(host);
  if (remoteInLocalMode && e.LOCAL_MODE_ALLOW_REMOTE !== 'true') {
    problems.push(
      `HOST: local mode (no CLIENT_ID) listens on loopback only; ${host} would let anyone on the network sign in as any manager. Set LOCAL_MODE_ALLOW_REMOTE=true to accept that`,
    );
  }
  if (e.WFI_SECRET_PREVIOUS && !e.WFI_SECRET) {
    problems.push('WFI_SECRET_PREVIOUS: only valid together with WFI_SECRET');
  }
  let oauth: AppConfig['wfm']['oauth'];
  if (e.WFM_ADAPTER === 'http') {
    if (!e.WFM_BASE_URL) problems.push('WFM_BASE_URL: required when WFM_ADAPTER=http');
    const oauthParts = [e.WFM_TOKEN_URL, e.WFM_CLIENT_ID, e.WFM_CLIENT_SECRET];
    if (oauthParts.some(Boolean) && !oauthParts.every(Boolean)) {
      problems.push('WFM_TOKEN_URL: WFM_TOKEN_URL, WFM_CLIENT_ID and WFM_CLIENT_SECRET must be set together');
    } else if (e.WFM_TOKEN_URL && e.WFM_CLIENT_ID && e.WFM_CLIENT_SECRET) {
      oauth = { tokenUrl: e.WFM_TOKEN_URL, clientId: e.WFM_CLIENT_ID, clientSecret: e.WFM_CLIENT_SECRET };
    }
    if (!e.WFM_API_KEY && !oauth && oauthParts.every((p) => !p)) {
      problems.push('WFM_API_KEY: set WFM_API_KEY or the WFM_TOKEN_URL/WFM_CLIENT_ID/WFM_CLIENT_SECRET trio when WFM_ADAPTER=http');
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  // `memory://` keeps the embedded store in memory (tests, throwaway demos).
  const inMemory = e.DATA_DIR?.startsWith('memory://') ?? false;
  const dataDir = inMemory ? 'memory://' : resolve(cwd, e.DATA_DIR ?? 'data');
  const local = localMode ? localSecrets(inMemory ? undefined : dataDir) : undefined;
  const emulatorUrl = `http://127.0.0.1:${e.EMULATOR_PORT}`;

  return {
    localMode,
    server: { port: e.PORT, host, publicUrl: stripSlash(e.PUBLIC_URL ?? `http://127.0.0.1:${e.PORT}`), remoteInLocalMode },
    store: { dataDir, databaseUrl: e.DATABASE_URL },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    tenantId: e.TENANT_ID,
    wfi: {
      id: e.WFI_ID ?? local?.wfiId ?? '',
      secrets: [e.WFI_SECRET ?? local?.wfiSecret, e.WFI_SECRET_PREVIOUS].filter((s): s is string => !!s),
    },
    webhook: { retentionDays: e.WEBHOOK_RETENTION_DAYS },
    sync: {
      mode: e.SYNC_MODE,
      oneWayAllowed: e.ONE_WAY_ALLOWED_ENTITIES,
      intervalMinutes: e.SYNC_INTERVAL_MINUTES,
      windowDays: e.SYNC_WINDOW_DAYS,
      drafts: e.SYNC_DRAFTS === 'true',
      notifyTeam: e.SYNC_NOTIFY_TEAM === 'true',
      removeUnmanaged: e.SYNC_REMOVE_UNMANAGED === 'true',
      reconcileCron: e.SYNC_RECONCILE_CRON ?? '15 3 * * *',
      automatic: e.SYNC_AUTOMATIC === 'true',
      leaseSeconds: e.SYNC_LEASE_SECONDS,
      concurrency: e.SYNC_CONCURRENCY,
      maxRetries: e.SYNC_MAX_RETRIES,
      freshnessAlertMinutes: e.SYNC_FRESHNESS_ALERT_MINUTES,
      limits: {
        perTeam: e.GRAPH_TEAM_RPS,
        tenantWrites: e.GRAPH_TENANT_WRITES_PER_SECOND,
        tenantDeletes: e.GRAPH_TENANT_DELETES_PER_SECOND,
        tenantReads: e.GRAPH_TENANT_READS_PER_SECOND,
      },
    },
    graph: {
      baseUrl: stripSlash(e.GRAPH_BASE_URL ?? (localMode ? emulatorUrl : 'https://graph.microsoft.com')),
      authorityHost: stripSlash(e.AUTHORITY_HOST ?? (localMode ? emulatorUrl : 'https://login.microsoftonline.com')),
      clientId: e.CLIENT_ID ?? (localMode ? 'local-connector' : undefined),
      clientSecret: e.CLIENT_SECRET ?? (localMode ? local?.clientSecret : undefined),
      clientSecretExpiresAt: e.CLIENT_SECRET_EXPIRES_AT,
    },
    bot: {
      id: e.BOT_ID,
      password: e.BOT_PASSWORD,
      keysUrl: e.BOT_KEYS_URL,
      teamsAppId: e.TEAMS_APP_ID ?? e.BOT_ID,
      digestThreshold: e.BOT_DIGEST_THRESHOLD,
      digestWindowSeconds: e.BOT_DIGEST_WINDOW_SECONDS,
      autoInstallAppId: e.BOT_AUTO_INSTALL_APP_ID,
    },
    wfm: {
      adapter: e.WFM_ADAPTER,
      baseUrl: e.WFM_BASE_URL ? stripSlash(e.WFM_BASE_URL) : undefined,
      apiKey: e.WFM_API_KEY,
      oauth,
      adminKey: e.WFM_ADMIN_KEY,
      serveApiKeys: e.WFM_API_KEYS ? e.WFM_API_KEYS.split(',').map((k) => k.trim()).filter(Boolean) : [],
    },
    emulator: { port: e.EMULATOR_PORT },
    tab: { appIdUri: e.TAB_APP_ID_URI },
    calendar: {
      windowPastDays: e.CALENDAR_WINDOW_PAST_DAYS,
      windowFutureDays: e.CALENDAR_WINDOW_FUTURE_DAYS,
      feedRatePerHour: e.CALENDAR_FEED_RATE_PER_HOUR,
      feedBurst: e.CALENDAR_FEED_BURST,
      linkTtlDays: e.CALENDAR_LINK_TTL_DAYS,
      push: e.CALENDAR_PUSH,
      conflictPolicy: e.CALENDAR_CONFLICT_POLICY,
      pushIntervalMinutes: e.CALENDAR_PUSH_INTERVAL_MINUTES,
      scopeCheck: { sampleUserId: e.CALENDAR_SCOPE_SAMPLE_USER, outsideUserId: e.CALENDAR_SCOPE_OUTSIDE_USER },
    },
  };
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

interface LocalSecrets {
  wfiId: string;
  wfiSecret: string;
  clientSecret: string;
}

/**
 * Local mode needs a workforce-integration id and secret shared by the connector and the
 * emulator. They are generated once and kept in DATA_DIR (mode 0600) so restarts keep them.
 */
function localSecrets(dataDir: string | undefined): LocalSecrets {
  const generate = (): LocalSecrets => ({
    wfiId: randomUUID(),
    wfiSecret: randomBytes(32).toString('hex'),
    clientSecret: randomBytes(24).toString('base64url'),
  });
  if (dataDir === undefined) return generate();
  const file = join(dataDir, 'local-secrets.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
    if (parsed.wfiId && parsed.wfiSecret?.length === 64 && parsed.clientSecret) return parsed as LocalSecrets;
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets = generate();
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}
