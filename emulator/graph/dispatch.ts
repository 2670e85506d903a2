import { delegatedCaller, delegatedPathAllowed, delegatedPathRefused, type DelegatedCaller } from '../auth/delegated.ts';
import type { EmulatorContext } from '../context.ts';
import { Router } from '../http/router.ts';
import { GraphError, graphErrorResponse, type EmuRequest, type EmuResponse } from '../http/types.ts';
import { randomUUID } from 'node:crypto';
import { batchRoutes } from './batch.ts';
import { calendarRoutes } from './calendar.ts';
import type { GraphCall } from './call.ts';
import { collectionRoutes } from './collections.ts';
import { wantsUnknownEnumMembers } from './enums.ts';
import { scheduleRoutes } from './schedule.ts';
import { teamRoutes } from './teams.ts';
import type { ThrottleKey } from './throttle.ts';
import { workforceIntegrationRoutes } from './workforceIntegrations.ts';

/** Every Graph route, addressed without the version prefix. */
export function graphRouter(): Router<GraphCall> {
  const r = new Router<GraphCall>();
  teamRoutes(r);
  scheduleRoutes(r);
  collectionRoutes(r);
  workforceIntegrationRoutes(r);
  calendarRoutes(r);
  batchRoutes(r);
  return r;
}

// Built on first use: batch.ts and this module import each other.
let router: Router<GraphCall> | undefined;

function throttleKey(method: string, path: string, appId: string): ThrottleKey {
  const m = /^\/(?:teams|groups)\/([^/]+)(\/schedule(?:\/|$))?/i.exec(path);
  if (!m) return { appId, teamId: undefined, scheduleKind: undefined };
  const scheduleKind = m[2] ? (method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : 'write') : undefined;
  return { appId, teamId: decodeURIComponent(m[1]!), scheduleKind };
}

/**
 * Runs one authenticated Graph request (`path` without the version prefix): throttling
 * first (each `$batch` item counts on its own, like Graph), then the route.
 */
export async function runGraphRequest(
  emu: EmulatorContext,
  version: GraphCall['version'],
  appId: string,
  req: EmuRequest,
  user?: DelegatedCaller,
): Promise<EmuResponse> {
  const requestId = randomUUID();
  const call: GraphCall = {
    emu,
    version,
    appId,
    passthrough: req.headers['x-ms-wfmpassthrough'],
    optIn: wantsUnknownEnumMembers(req.headers),
    user,
  };
  let rateHeaders: Record<string, string> = {};
  try {
    if (user && !delegatedPathAllowed(req.path)) throw delegatedPathRefused(req.path);
    if (!/^\/\$batch$/i.test(req.path)) {
      const decision = emu.throttle.check(throttleKey(req.method, req.path, appId));
      rateHeaders = decision.headers;
      if (!decision.ok) {
        throw new GraphError(
          429,
          'TooManyRequests',
          `Too many requests. Retry after ${decision.retryAfterSeconds.toFixed(3)} seconds.`,
          decision.headers,
        );
      }
    }
    router ??= graphRouter();
    const hit = router.match(req.method, req.path);
    if (hit === 'method') throw new GraphError(405, 'MethodNotAllowed', `The method ${req.method} is not allowed on ${req.path}.`);
    if (!hit) throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${req.path.split('/').filter(Boolean).at(-1) ?? ''}'.`);
    const res = await hit.handler(req, hit.params, call);
    return { ...res, headers: { ...rateHeaders, ...res.headers, 'request-id': requestId, 'client-request-id': req.headers['client-request-id'] ?? requestId } };
  } catch (e) {
    if (e instanceof GraphError) {
      const res = graphErrorResponse(e, requestId);
      return { ...res, headers: { ...rateHeaders, ...res.headers } };
    }
    return graphErrorResponse(new GraphError(500, 'InternalServerError', `The emulator failed: ${(e as Error).message}`), requestId);
  }
}

/** Verifies the bearer token like Graph does; answers 401 with Graph's error codes. */
export async function authenticate(emu: EmulatorContext, req: EmuRequest): Promise<{ appId: string; user: DelegatedCaller | undefined } | EmuResponse> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const unauthorized = (message: string): EmuResponse => ({
    ...graphErrorResponse(new GraphError(401, 'InvalidAuthenticationToken', message), randomUUID()),
    headers: { 'www-authenticate': `Bearer realm="", authorization_uri="${emu.issuerBase()}/${emu.settings.tenantId}/oauth2/authorize"` },
  });
  if (!m) return unauthorized('Access token is empty.');
  const v = await emu.issuer.verifyGraphToken(emu.issuerBase(), m[1]!);
  if (!v.ok) return unauthorized(`Access token validation failure: ${v.reason}`);
  const appId = typeof v.claims.appid === 'string' ? v.claims.appid : String(v.claims.azp ?? v.claims.sub ?? 'unknown');
  return { appId, user: delegatedCaller(v.claims) };
}
