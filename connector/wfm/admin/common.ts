/**
 * Shared pieces of the WFM admin API (`/wfm-admin/`): the access guard, the mapping of typed
 * WFM errors to HTTP, and local-time parsing so people can type times as they read them.
 */
import { timingSafeEqual } from 'node:crypto';
import { AppError, type Result } from '../../errors.ts';
import type { HttpRequest, HttpResponse, Route } from '../../http/types.ts';
import { WFM_ERROR_STATUS, type WfmError } from '../contract.ts';
import type { EmbeddedWfm } from '../embedded/index.ts';
import { resolveWallTime, type WallTimeAdjustment } from '../time.ts';

export const ADMIN_PREFIX = '/wfm-admin';

export interface AdminDeps {
  wfm: EmbeddedWfm;
  /** Local mode: the API is open (the whole deployment runs on this machine). */
  localMode: boolean;
  /** Otherwise every call needs this key as `Authorization: Bearer` or `x-admin-key`. */
  adminKey: string | undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Throws 401 unless the request may use the admin API. */
export function assertAdmin(req: HttpRequest, deps: AdminDeps): void {
  if (deps.localMode && !deps.adminKey) return;
  const header = req.headers['x-admin-key'];
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const given = (Array.isArray(header) ? header[0] : header) ?? bearer;
  if (!deps.adminKey || !given || !sameSecret(given, deps.adminKey)) {
    throw new AppError('unauthorized', 'The WFM admin API needs the admin key (Authorization: Bearer <key> or x-admin-key).');
  }
}

/** The HTTP answer for a typed WFM error: its status, and its code and message as is. */
export function wfmErrorResponse(e: WfmError): HttpResponse {
  return {
    status: WFM_ERROR_STATUS[e.kind],
    json: { error: { code: e.code, message: e.message, kind: e.kind, ...(e.commandIndex === undefined ? {} : { commandIndex: e.commandIndex }) } },
  };
}

/** 200 with `json(value)` on success, the typed error otherwise. */
export function respond<T>(r: Result<T, WfmError>, json: (v: T) => unknown = (v) => v, status = 200): HttpResponse {
  return r.ok ? { status, json: json(r.value) } : wfmErrorResponse(r.error);
}

/** Builds an admin route: path under the prefix, guard first. */
export function adminRoute(deps: AdminDeps, method: Route['method'], path: string, handler: (req: HttpRequest) => Promise<HttpResponse>): Route {
  return {
    method,
    path: `${ADMIN_PREFIX}${path}`,
    // Open in local mode, so only this machine may use it (even when the app listens wider).
    loopbackOnly: deps.localMode,
    async handler(req) {
      assertAdmin(req, deps);
      return handler(req);
    },
  };
}

/**
 * An instant from user input: ISO with `Z` or an offset as is; `YYYY-MM-DDTHH:MM` (or with a
 * space) without an offset is a wall-clock time in the team's zone, resolved as
 * `resolveWallTime` does (a time in a spring-forward gap moves forward; a repeated time takes
 * its first occurrence, so give an offset for the second).
 */
export function parseInstant(value: string, timeZone: string): { instant: number; adjustment?: WallTimeAdjustment } | undefined {
  const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(value.trim());
  if (local) {
    const [, y, mo, d, h, mi] = local.map(Number);
    return resolveWallTime({ year: y!, month: mo!, day: d! }, { hour: h!, minute: mi! }, timeZone);
  }
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(value.trim())) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : { instant: t };
}

/** A warning in an admin API answer: a local time that did not name exactly one instant. */
export interface TimeWarning {
  code: 'LOCAL_TIME_IN_GAP' | 'LOCAL_TIME_AMBIGUOUS';
  field: string;
  message: string;
}

function warningFor(field: string, a: WallTimeAdjustment, timeZone: string): TimeWarning {
  return a.kind === 'gap'
    ? { code: 'LOCAL_TIME_IN_GAP', field, message: `${field}: ${a.requested} does not exist in ${timeZone} (clocks go forward ${a.minutes} minutes); used ${a.resolved}.` }
    : { code: 'LOCAL_TIME_AMBIGUOUS', field, message: `${field}: ${a.requested} happens twice in ${timeZone} (${a.offsets[0]} and ${a.offsets[1]}); used the first (${a.offsets[0]}). Give an offset for the other.` };
}

/**
 * Parses an instant or throws a 400 naming the field; a local time that had to be adjusted
 * adds a warning to `warnings` (the route returns them with its answer).
 */
export function instantOrThrow(field: string, value: string, timeZone: string, warnings?: TimeWarning[]): string {
  const t = parseInstant(value, timeZone);
  if (t === undefined) {
    throw new AppError('validation_failed', `${field}: use 2026-03-09T14:00:00Z, an offset, or a local time like 2026-03-09 09:00 (team time).`);
  }
  if (t.adjustment && warnings) warnings.push(warningFor(field, t.adjustment, timeZone));
  return new Date(t.instant).toISOString();
}

/** An answer's body with the warnings, when there are any. */
export function withWarnings<T extends object>(body: T | undefined, warnings: TimeWarning[]): T | (T & { warnings: TimeWarning[] }) | undefined {
  return warnings.length && body ? { ...body, warnings } : body;
}

/** The team's zone, or a 404 in the WFM error shape. */
export async function teamZone(wfm: EmbeddedWfm, teamId: string): Promise<Result<string, WfmError>> {
  const r = await wfm.getTeamRules(teamId);
  return r.ok ? { ok: true, value: r.value.team.timeZone } : r;
}
