/**
 * The HTTP adapter: `WfmAdapter` over a customer's WFM REST interface (see
 * `docs/wfm-openapi.yaml`). Timeouts per attempt, retries with backoff on 429/5xx honouring
 * `Retry-After`, an idempotency key on writes so a retried batch is applied once, and the
 * same typed errors as the embedded WFM. Transport trouble becomes `Unavailable`.
 */
import { randomUUID } from 'node:crypto';
import type { ZodType } from 'zod';
import { err, ok, type Result } from '../../errors.ts';
import type { Logger } from '../../observability/log.ts';
import type { CommandResult, WfmAdapter, WfmError, Window } from '../contract.ts';
import { wfmErrorBodySchema } from '../schemas.ts';
import { createAuth, WfmAuthError, type HttpAuth } from './auth.ts';
import { parseRetryAfter } from '../../http/retry-after.ts';
import { decideRetry, type RetryFailure } from '../../retry/index.ts';
import { wfmRetryPolicy, type WfmRetryTuning } from './retry.ts';
import { fillPath, IDEMPOTENCY_HEADER, WFM_ENDPOINTS, type WfmEndpointName } from './wire.ts';

export interface HttpAdapterOptions {
  /** Base URL of the WFM API, without a trailing slash. */
  baseUrl: string;
  auth: HttpAuth;
  log: Logger;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  retry?: WfmRetryTuning;
  /** Test seams. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const unavailable = (code: string, message: string): WfmError => ({ kind: 'unavailable', code, message });
const UNREACHABLE = 'The workforce system is not reachable right now. Try again in a few minutes.';

export function createHttpWfmAdapter(options: HttpAdapterOptions): WfmAdapter {
  const fetchFn = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const policy = wfmRetryPolicy(options.retry);
  const auth = createAuth(options.auth, fetchFn, timeoutMs);
  const base = options.baseUrl.replace(/\/+$/, '');
  const log = options.log.child({ component: 'wfm-http' });

  async function call<T>(
    name: WfmEndpointName,
    params: Record<string, string>,
    query: Record<string, string | undefined> = {},
    body?: unknown,
    key?: string,
  ): Promise<Result<T, WfmError>> {
    const ep = WFM_ENDPOINTS[name];
    const url = new URL(base + fillPath(ep.path, params));
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const idempotencyKey = body === undefined ? undefined : (key ?? randomUUID());
    let reauthorised = false;
    for (let attempt = 1; ; attempt++) {
      let failure: RetryFailure;
      try {
        const headers: Record<string, string> = { accept: 'application/json', ...(await auth.headers()) };
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (idempotencyKey) headers[IDEMPOTENCY_HEADER] = idempotencyKey;
        const res = await fetchFn(url, {
          method: ep.method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (res.status === 401 && !reauthorised && options.auth.kind === 'oauth') {
          // An expired or revoked token: fetch a fresh one once, without counting an attempt.
          reauthorised = true;
          auth.invalidate();
          attempt--;
          await res.body?.cancel();
          continue;
        }
        const json: unknown = await res.json().catch(() => undefined);
        if (res.ok) {
          const parsed = (ep.response as ZodType).safeParse(json);
          if (parsed.success) return ok(parsed.data as T);
          log.warn({ endpoint: name, issue: parsed.error.issues[0]?.message }, 'WFM answered with an unexpected body');
          return err(unavailable('WFM_BAD_RESPONSE', 'The workforce system sent an answer we could not read.'));
        }
        const typed = wfmErrorBodySchema.safeParse(json);
        if (res.status !== 401 && typed.success && typed.data.error.kind !== 'unavailable' && res.status < 500 && res.status !== 429) {
          return err(typed.data.error as WfmError);
        }
        if (res.status === 401 || res.status === 403) {
          log.error({ endpoint: name, status: res.status }, 'WFM refused the connector credentials');
          return err(unavailable('WFM_UNAUTHORIZED', 'The connector is not allowed to use the workforce system; check its credentials.'));
        }
        failure = { kind: 'http', status: res.status, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) };
        const d = decideRetry(failure, attempt, policy);
        if (!d.retry) {
          log.warn({ endpoint: name, status: res.status, attempt, reason: d.reason }, 'WFM call failed');
          if (typed.success) return err(typed.data.error as WfmError);
          return err(unavailable(res.status === 429 ? 'WFM_RATE_LIMITED' : 'WFM_UNAVAILABLE', UNREACHABLE));
        }
        log.debug({ endpoint: name, status: res.status, attempt, waitMs: d.waitMs }, 'retrying WFM call');
        await sleep(d.waitMs);
        continue;
      } catch (e) {
        if (e instanceof WfmAuthError) {
          log.error({ endpoint: name, reason: e.message }, 'WFM authentication failed');
          return err(unavailable('WFM_UNAUTHORIZED', 'The connector could not sign in to the workforce system; check its credentials.'));
        }
        const name_ = (e as Error).name;
        failure = name_ === 'TimeoutError' || name_ === 'AbortError' ? { kind: 'timeout' } : { kind: 'network' };
      }
      const d = decideRetry(failure, attempt, policy);
      if (!d.retry) {
        log.warn({ endpoint: name, failure: failure.kind, attempt }, 'WFM call failed');
        return err(unavailable(failure.kind === 'timeout' ? 'WFM_TIMEOUT' : 'WFM_UNAVAILABLE', UNREACHABLE));
      }
      await sleep(d.waitMs);
    }
  }

  const items = async <T>(r: Promise<Result<{ items: T[] }, WfmError>>): Promise<Result<T[], WfmError>> => {
    const v = await r;
    return v.ok ? ok(v.value.items) : v;
  };
  const win = (w: Window) => ({ start: w.start, end: w.end });

  return {
    name: 'http',
    listTeams: () => items(call('listTeams', {})),
    listEmployees: (teamId) => items(call('listEmployees', { teamId })),
    listJobs: (teamId) => items(call('listJobs', { teamId })),
    listTimeOffReasons: (teamId) => items(call('listTimeOffReasons', { teamId })),
    listShifts: (teamId, w) => items(call('listShifts', { teamId }, win(w))),
    listOpenShifts: (teamId, w) => items(call('listOpenShifts', { teamId }, win(w))),
    listTimesOff: (teamId, w) => items(call('listTimesOff', { teamId }, win(w))),
    listRequests: (teamId, w) => items(call('listRequests', { teamId }, win(w))),
    changesSince: (cursor, limit) =>
      call('changesSince', {}, { cursor: cursor ?? undefined, limit: limit === undefined ? undefined : String(limit) }),
    async apply(teamId, commands, actor, control = {}) {
      const body = { commands, actor, ...(control.notAfter ? { notAfter: control.notAfter } : {}) };
      const r = await call<{ results: CommandResult[] }>('apply', { teamId }, {}, body, control.idempotencyKey);
      return r.ok ? ok(r.value.results) : r;
    },
    applyOutcome: (teamId, idempotencyKey) => call('applyOutcome', { teamId, idempotencyKey }),
    eligibleTimeOffReasons: (teamId, employeeId) => call('eligibleTimeOffReasons', { teamId, employeeId }),
    swappableShifts: (teamId, shiftId, w) => items(call('swappableShifts', { teamId, shiftId }, win(w))),
  };
}
