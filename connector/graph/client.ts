/**
 * The Graph client every Shifts call goes through: `@microsoft/microsoft-graph-client` with our
 * own middleware (bearer token, timeout), wrapped in client-side rate limiting, the pure retry
 * decision, a per-tenant circuit breaker, and the headers Shifts needs:
 * `X-MS-WFMPassthrough` on every write (so our own writes are recognised when Shifts calls the
 * webhook back), `MS-APP-ACTS-AS` only when the team has an owner configured, and
 * `Prefer: include-unknown-enum-members` so newer enum members are not collapsed.
 */
import { Client, ResponseType, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { err, ok, type Result } from '../errors.ts';
import { breakerAllows, breakerStep, DEFAULT_BREAKER, initialBreaker, type BreakerOptions, type BreakerState } from './breaker.ts';
import { systemClock, type Clock } from './clock.ts';
import { RateLimiter, GRAPH_SHIFTS_LIMITS, type RateLimits, type RequestClass } from './rate.ts';
import { parseRetryAfter } from '../http/retry-after.ts';
import { decideRetry, type RetryFailure, type RetryPolicy } from '../retry/index.ts';
import { GRAPH_RETRY_POLICY } from './retry.ts';
import type { TokenProvider } from './auth.ts';

export type GraphMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface GraphRequest {
  method: GraphMethod;
  /** Path after the version, e.g. `/teams/{id}/schedule/shifts?$filter=...` (query already encoded). */
  path: string;
  body?: unknown;
  /** The team the call is about (per-team bucket, `MS-APP-ACTS-AS`); null for tenant calls. */
  teamId?: string | null;
  version?: 'v1.0' | 'beta';
  headers?: Record<string, string>;
}

export interface GraphResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T | undefined;
}

/** A Graph call that failed for good (after the retries the decision allowed). */
export interface GraphCallError {
  /** Graph's error code (`NotFound`, `Forbidden`, ...), or `http_<status>`, `timeout`, `network`, `circuit_open`. */
  code: string;
  status: number | null;
  message: string;
  attempts: number;
  /** True when trying again later may succeed (throttling, 5xx, timeouts, open breaker). */
  transient: boolean;
}

export interface GraphClientOptions {
  baseUrl: string;
  tokens: TokenProvider;
  /** Sent as `X-MS-WFMPassthrough` on every write. */
  passthrough: string;
  /** Team owner to send as `MS-APP-ACTS-AS`, when one is configured for the team. */
  actsAs?: (teamId: string) => string | null | undefined;
  limits?: RateLimits;
  retry?: RetryPolicy;
  breaker?: BreakerOptions;
  timeoutMs?: number;
  clock?: Clock;
  random?: () => number;
}

/** Counters for status pages and the benchmark. */
export interface GraphStats {
  requests: number;
  /** Requests (and batch items) by class. */
  reads: number;
  writes: number;
  deletes: number;
  throttled: number;
  retries: number;
  /** Time spent waiting for the rate budget: our own pacing, and Retry-After after a 429. */
  throttleWaitMs: number;
}

const emptyStats = (): GraphStats => ({ requests: 0, reads: 0, writes: 0, deletes: 0, throttled: 0, retries: 0, throttleWaitMs: 0 });

export interface GraphClient {
  request<T = unknown>(req: GraphRequest): Promise<Result<GraphResponse<T>, GraphCallError>>;
  /** Several requests in `$batch`es of up to 20, each item throttled and retried on its own. */
  batch(reqs: GraphRequest[]): Promise<Array<Result<GraphResponse, GraphCallError>>>;
  /** Follows `@odata.nextLink` until absent, resending our headers on every page. */
  listAll<T>(req: GraphRequest): Promise<Result<T[], GraphCallError>>;
  readonly stats: GraphStats;
  /** The same counters per team (team-scoped requests and batch items only; `requests` counts each sent). */
  teamStats(): ReadonlyMap<string, Readonly<GraphStats>>;
  readonly limiter: RateLimiter;
  breakerState(): BreakerState;
}

const WRITE_METHODS = new Set<GraphMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);
const classOf = (m: GraphMethod): RequestClass => (m === 'GET' ? 'read' : m === 'DELETE' ? 'delete' : 'write');
/** `$batch` items and ids: Graph allows 20 per batch. */
export const MAX_BATCH = 20;

/** Adds the bearer token and a timeout, then fetches: retries are ours, not the SDK's. */
class AuthFetchMiddleware implements Middleware {
  constructor(
    private readonly tokens: TokenProvider,
    private readonly timeoutMs: number,
  ) {}
  async execute(context: Context): Promise<void> {
    const options = context.options ?? {};
    const headers = new Headers(options.headers as HeadersInit | undefined);
    const force = headers.get('x-connector-force-token') === '1';
    headers.delete('x-connector-force-token');
    headers.set('Authorization', `Bearer ${await this.tokens.getToken(force)}`);
    context.response = await fetch(context.request as string, {
      ...(options as RequestInit),
      headers,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
  }
}

function headerRecord(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => (out[k.toLowerCase()] = v));
  return out;
}

function lower(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = String(v);
  return out;
}

function errorOf(status: number, body: unknown, attempts: number): GraphCallError {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    code: typeof e?.code === 'string' && e.code ? e.code : `http_${status}`,
    status,
    message: typeof e?.message === 'string' ? e.message : `Graph answered HTTP ${status}`,
    attempts,
    transient: status === 429 || status === 408 || status >= 500,
  };
}

export function createGraphClient(opts: GraphClientOptions): GraphClient {
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  const policy = opts.retry ?? GRAPH_RETRY_POLICY;
  const breakerOpts = opts.breaker ?? DEFAULT_BREAKER;
  const limiter = new RateLimiter(opts.limits ?? GRAPH_SHIFTS_LIMITS, clock);
  const sdk = Client.initWithMiddleware({
    baseUrl: opts.baseUrl,
    defaultVersion: 'v1.0',
    middleware: new AuthFetchMiddleware(opts.tokens, opts.timeoutMs ?? 30_000),
  });
  const stats = emptyStats();
  const perTeam = new Map<string, GraphStats>();
  let breaker = initialBreaker();

  /** Adds to the tenant's counter and, for a team-scoped request, the team's. */
  const bump = (teamId: string | null | undefined, key: keyof GraphStats, n = 1) => {
    stats[key] += n;
    if (!teamId) return;
    let t = perTeam.get(teamId);
    if (!t) perTeam.set(teamId, (t = emptyStats()));
    t[key] += n;
  };
  /** One request (or batch item) about to be sent: its class, and for its team one request more. */
  const count = (cls: RequestClass, teamId: string | null | undefined) => {
    bump(teamId, cls === 'read' ? 'reads' : cls === 'write' ? 'writes' : 'deletes');
    if (teamId) perTeam.get(teamId)!.requests++;
  };
  const paced = async (teamId: string | null | undefined, cls: RequestClass) => bump(teamId, 'throttleWaitMs', await limiter.acquire(teamId ?? null, cls));

  /** Our headers for one request (also used inside batch items). */
  function headersFor(req: GraphRequest): Record<string, string> {
    const h: Record<string, string> = { Prefer: 'include-unknown-enum-members', ...(req.headers ?? {}) };
    if (WRITE_METHODS.has(req.method)) h['X-MS-WFMPassthrough'] = opts.passthrough;
    const owner = req.teamId ? opts.actsAs?.(req.teamId) : null;
    if (owner) h['MS-APP-ACTS-AS'] = owner;
    if (req.body !== undefined) h['Content-Type'] = 'application/json';
    return h;
  }

  function gate(): GraphCallError | null {
    const before = breaker;
    breaker = breakerStep(breaker, 'request', clock.now(), breakerOpts);
    if (breakerAllows(before, breaker)) return null;
    return { code: 'circuit_open', status: null, message: 'Graph keeps failing; calls are paused for a cooldown', attempts: 0, transient: true };
  }

  function record(failure: RetryFailure | null): void {
    const serviceFailure = failure !== null && (failure.kind !== 'http' || failure.status >= 500);
    if (failure !== null && !serviceFailure) return; // 4xx and 429 say nothing about Graph's health
    breaker = breakerStep(breaker, failure === null ? 'success' : 'failure', clock.now(), breakerOpts);
  }

  async function sendOnce(req: GraphRequest, forceToken: boolean): Promise<Response> {
    const headers = headersFor(req);
    if (forceToken) headers['x-connector-force-token'] = '1';
    let call = sdk.api(req.path).version(req.version ?? 'v1.0').headers(headers).responseType(ResponseType.RAW);
    if (req.body !== undefined) call = call.header('Content-Type', 'application/json');
    switch (req.method) {
      case 'GET':
        return (await call.get()) as Response;
      case 'POST':
        return (await call.post(req.body ?? {})) as Response;
      case 'PUT':
        return (await call.put(req.body ?? {})) as Response;
      case 'PATCH':
        return (await call.patch(req.body ?? {})) as Response;
      case 'DELETE':
        return (await call.delete()) as Response;
    }
  }

  /** One request with retries; `envelope` marks a `$batch` envelope whose items were already paced and counted. */
  async function request<T>(req: GraphRequest, envelope = false): Promise<Result<GraphResponse<T>, GraphCallError>> {
    const cls = classOf(req.method);
    let lastReason: string | undefined;
    let lastError = '';
    for (let attempt = 1; ; attempt++) {
      const blocked = gate();
      if (blocked) return err({ ...blocked, attempts: attempt - 1 });
      if (!envelope) {
        await paced(req.teamId, cls);
        count(cls, req.teamId);
      }
      stats.requests++;
      let failure: RetryFailure | null = null;
      let response: GraphResponse<T> | null = null;
      try {
        const res = await sendOnce(req, attempt > 1 && lastReason === 'token_expired');
        const headers = headerRecord(res.headers);
        const text = await res.text();
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined; // a non-JSON body (an HTML error page from a proxy): the status still decides
        }
        const remaining = headers['x-ratelimit-remaining'];
        // A 429 carries its own Retry-After; the budget header matters on answers that got through.
        if (remaining !== undefined && res.status !== 429) {
          const limit = headers['x-ratelimit-limit'];
          limiter.observe(req.teamId ?? null, Number(remaining), limit !== undefined ? Number(limit) : null);
        }
        response = { status: res.status, headers, body: body as T };
        if (res.status >= 400) failure = { kind: 'http', status: res.status, retryAfterMs: parseRetryAfter(headers['retry-after'], clock.now()) };
      } catch (e) {
        const name = (e as { name?: string }).name;
        failure = name === 'TimeoutError' || name === 'AbortError' ? { kind: 'timeout' } : { kind: 'network' };
        response = null;
        lastError = (e as Error).message;
      }
      record(failure);
      if (failure === null && response) return ok(response);
      const throttled = failure?.kind === 'http' && failure.status === 429;
      if (throttled) bump(req.teamId, 'throttled');
      // A POST that timed out may have been applied: retrying could create it twice. The
      // caller keeps its intent and adopts the entity on the next run instead.
      const unsafe = req.method === 'POST' && failure!.kind !== 'http';
      const decision = unsafe ? { retry: false, waitMs: 0, reason: failure!.kind } : decideRetry(failure!, attempt, policy, random);
      lastReason = decision.reason;
      if (!decision.retry) {
        if (response) return err(errorOf(response.status, response.body, attempt));
        return err({ code: failure!.kind, status: null, message: lastError, attempts: attempt, transient: true });
      }
      bump(req.teamId, 'retries');
      if (throttled) bump(req.teamId, 'throttleWaitMs', decision.waitMs);
      await clock.sleep(decision.waitMs);
    }
  }

  async function batchChunk(reqs: GraphRequest[]): Promise<Array<Result<GraphResponse, GraphCallError>>> {
    const results: Array<Result<GraphResponse, GraphCallError> | undefined> = new Array(reqs.length);
    let pending = reqs.map((_, i) => i);
    const attempts = new Array<number>(reqs.length).fill(0);
    while (pending.length > 0) {
      // Each item spends its own tokens: Graph throttles batched requests individually.
      for (const i of pending) {
        const r = reqs[i]!;
        await paced(r.teamId, classOf(r.method));
        count(classOf(r.method), r.teamId);
        attempts[i]!++;
      }
      const outer = await request<{ responses?: Array<{ id: string; status: number; headers?: Record<string, string>; body?: unknown }> }>({
        method: 'POST',
        path: '/$batch',
        teamId: null,
        body: {
          requests: pending.map((i) => {
            const r = reqs[i]!;
            return { id: String(i), method: r.method, url: r.path, headers: headersFor(r), ...(r.body !== undefined ? { body: r.body } : {}) };
          }),
        },
      }, true);
      if (!outer.ok) {
        for (const i of pending) results[i] = err({ ...outer.error, attempts: attempts[i]! });
        break;
      }
      const retryLater: number[] = [];
      let waitMs = 0;
      const throttledItems: number[] = [];
      for (const item of outer.value.body?.responses ?? []) {
        const i = Number(item.id);
        if (!pending.includes(i)) continue;
        const headers = lower(item.headers);
        if (item.status < 400) {
          results[i] = ok({ status: item.status, headers, body: item.body });
          continue;
        }
        if (item.status === 429) {
          bump(reqs[i]!.teamId, 'throttled');
          throttledItems.push(i);
        }
        const decision = decideRetry(
          { kind: 'http', status: item.status, retryAfterMs: parseRetryAfter(headers['retry-after'], clock.now()) },
          attempts[i]!,
          policy,
          random,
        );
        // 424: a dependency failed (or, per one doc copy, the whole batch was throttled): retry.
        if (decision.retry && item.status !== 401) {
          retryLater.push(i);
          waitMs = Math.max(waitMs, decision.waitMs);
        } else if (item.status === 424 && attempts[i]! < policy.maxAttempts) {
          retryLater.push(i);
        } else {
          results[i] = err(errorOf(item.status, item.body, attempts[i]!));
        }
      }
      for (const i of pending) {
        if (results[i] === undefined && !retryLater.includes(i)) {
          results[i] = err({ code: 'batch_item_missing', status: null, message: 'Graph returned no response for this batch item', attempts: attempts[i]!, transient: true });
        }
      }
      pending = retryLater;
      if (pending.length > 0) {
        for (const i of pending) bump(reqs[i]!.teamId, 'retries');
        // One wait for the whole retry round: the tenant waits it once, and so does each team throttled in it.
        if (throttledItems.length > 0) {
          stats.throttleWaitMs += waitMs;
          for (const teamId of new Set(throttledItems.map((i) => reqs[i]!.teamId).filter((t): t is string => !!t))) {
            perTeam.get(teamId)!.throttleWaitMs += waitMs;
          }
        }
        await clock.sleep(waitMs);
      }
    }
    return results.map((r) => r!);
  }

  return {
    request: (req) => request(req),
    stats,
    teamStats: () => perTeam,
    limiter,
    breakerState: () => breaker,
    async batch(reqs) {
      const out: Array<Result<GraphResponse, GraphCallError>> = [];
      for (let i = 0; i < reqs.length; i += MAX_BATCH) out.push(...(await batchChunk(reqs.slice(i, i + MAX_BATCH))));
      return out;
    },
    async listAll<T>(req: GraphRequest) {
      const items: T[] = [];
      let path: string | null = req.path;
      while (path) {
        const page: Result<GraphResponse<{ value?: T[]; '@odata.nextLink'?: string }>, GraphCallError> = await request({ ...req, path });
        if (!page.ok) return page;
        items.push(...(page.value.body?.value ?? []));
        path = relativeNextLink(page.value.body?.['@odata.nextLink'], opts.baseUrl);
      }
      return ok(items);
    },
  };
}

/** The next-page URL as a path after the version (we never build skip tokens ourselves). */
export function relativeNextLink(next: string | undefined, baseUrl: string): string | null {
  if (!next) return null;
  const withoutHost = next.startsWith(baseUrl) ? next.slice(baseUrl.length) : next.replace(/^https?:\/\/[^/]+/, '');
  return withoutHost.replace(/^\/(v1\.0|beta)/, '');
}

