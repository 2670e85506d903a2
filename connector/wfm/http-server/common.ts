/**
 * Shared pieces of the WFM API server: the contract served from any `WfmAdapter` (normally
 * the embedded WFM), so the HTTP adapter can be tested against real rules and customers can
 * expose the embedded WFM to other systems.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { errorBody, type Result } from '../../errors.ts';
import type { HttpRequest, HttpResponse, Route } from '../../http/types.ts';
import { WFM_ERROR_STATUS, type WfmAdapter, type WfmError } from '../contract.ts';
import { windowQuerySchema } from '../http/wire.ts';

export interface WfmApiOptions {
  /** Path prefix the API is mounted under, e.g. `/wfm-api/v1` (no trailing slash). */
  prefix: string;
  /** Keys accepted in `x-api-key`. */
  apiKeys: string[];
  /** OAuth2 clients allowed to get tokens from `POST {prefix}/oauth/token`. */
  oauthClients?: Array<{ clientId: string; clientSecret: string }>;
  /** Lifetime of issued tokens (default 3600 s). */
  tokenTtlSeconds?: number;
  now?: () => number;
}

export interface ApiContext {
  adapter: WfmAdapter;
  options: WfmApiOptions;
  /** Issued tokens and their expiry (ms). In memory: a restart makes clients fetch a new one. */
  tokens: Map<string, number>;
  /** Idempotency keys of applied batches and their answers (bounded). */
  applied: Map<string, HttpResponse>;
}

export function createApiContext(adapter: WfmAdapter, options: WfmApiOptions): ApiContext {
  return { adapter, options, tokens: new Map(), applied: new Map() };
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function issueToken(ctx: ApiContext): { token: string; expiresIn: number } {
  const now = ctx.options.now?.() ?? Date.now();
  for (const [t, exp] of ctx.tokens) if (exp <= now) ctx.tokens.delete(t);
  const ttl = ctx.options.tokenTtlSeconds ?? 3600;
  const token = randomBytes(32).toString('base64url');
  ctx.tokens.set(token, now + ttl * 1000);
  return { token, expiresIn: ttl };
}

function authorised(req: HttpRequest, ctx: ApiContext): boolean {
  const key = req.headers['x-api-key'];
  const given = Array.isArray(key) ? key[0] : key;
  if (given && ctx.options.apiKeys.some((k) => sameSecret(k, given))) return true;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!bearer) return false;
  const exp = ctx.tokens.get(bearer);
  return exp !== undefined && exp > (ctx.options.now?.() ?? Date.now());
}

/** A typed WFM error in the contract's shape and status. */
export function wfmError(e: WfmError): HttpResponse {
  return { status: WFM_ERROR_STATUS[e.kind], json: { error: e } };
}

export function answer<T>(r: Result<T, WfmError>, json: (v: T) => unknown): HttpResponse {
  return r.ok ? { status: 200, json: json(r.value) } : wfmError(r.error);
}

/** A contract route: mounted under the prefix, authenticated first. */
export function apiRoute(ctx: ApiContext, method: Route['method'], path: string, handler: (req: HttpRequest) => Promise<HttpResponse>): Route {
  return {
    method,
    path: `${ctx.options.prefix}${path}`,
    async handler(req) {
      if (!authorised(req, ctx)) {
        return { status: 401, json: errorBody('unauthorized', 'Send a valid x-api-key or a bearer token from the token endpoint.') };
      }
      return handler(req);
    },
  };
}

/** `start`/`end` query of window endpoints. */
export function windowOf(req: HttpRequest): { start: string; end: string } {
  return windowQuerySchema.parse(Object.fromEntries(req.query));
}
