import { z } from 'zod';
import type { EmulatorContext } from '../context.ts';
import type { Router } from '../http/router.ts';
import { GraphError, type EmuRequest, type EmuResponse } from '../http/types.ts';
import type { EmulatedUser } from '../state.ts';
import { parseDelegatedScopes, type DeviceAuthorization, type DecisionError } from './deviceCodes.ts';
import { renderDeviceLogin, renderDeviceResult } from './devicePage.ts';
import { NO_STORE, knownTenantName, oauthError } from './oauth.ts';

/** Where people enter the code: the emulator's stand-in for `https://microsoft.com/devicelogin`. */
export const VERIFICATION_PATH = '/devicelogin';

const decisionSchema = z.object({ userCode: z.string().min(1), userId: z.string().min(1) }).strict();
const declineSchema = z.object({ userCode: z.string().min(1) }).strict();

/** A user by object id or UPN (people type either). */
function findUser(ctx: EmulatorContext, idOrUpn: string): EmulatedUser | undefined {
  return ctx.state.users.get(idOrUpn) ?? [...ctx.state.users.values()].find((u) => u.userPrincipalName.toLowerCase() === idOrUpn.toLowerCase());
}

const isDecisionError = (r: DeviceAuthorization | DecisionError): r is DecisionError => 'status' in r && typeof r.status === 'number';

/** Approves a code for a user (page and API share it); throws a Graph-shaped error when it cannot. */
function approve(ctx: EmulatorContext, userCode: string, userId: string): { auth: DeviceAuthorization; user: EmulatedUser } {
  const user = findUser(ctx, userId);
  if (!user) throw new GraphError(400, 'UnknownUser', `No user '${userId}' in the emulator's directory.`);
  const r = ctx.deviceCodes.decide(userCode, { approve: true, userId: user.id });
  if (isDecisionError(r)) throw new GraphError(r.status, r.code, r.message);
  return { auth: r, user };
}

function decline(ctx: EmulatorContext, userCode: string): DeviceAuthorization {
  const r = ctx.deviceCodes.decide(userCode, { approve: false });
  if (isDecisionError(r)) throw new GraphError(r.status, r.code, r.message);
  return r;
}

/** The answer of the approval API: what was decided, never the device code. */
const decisionJson = (auth: DeviceAuthorization) => ({
  userCode: auth.userCode,
  status: auth.status,
  userId: auth.userId ?? null,
  clientId: auth.clientId,
  scopes: auth.scopes,
});

/**
 * Entra's device authorization grant as msal-node uses it: `POST /{tenant}/oauth2/v2.0/devicecode`
 * hands out a device code and a user code; a person enters the user code at `/devicelogin` (or a
 * test calls `POST /_emulator/device/approve`); the client polls the token endpoint
 * (`deviceCodeGrant`) until the user decided or the code expired.
 */
export function deviceRoutes(r: Router<EmulatorContext>): void {
  r.add('POST', '/:tenant/oauth2/v2.0/devicecode', (req, p, ctx) => deviceAuthorization(req, p.tenant!, ctx));

  r.add('GET', VERIFICATION_PATH, (req, _p, ctx) => html(200, renderDeviceLogin(ctx, { code: req.query.get('otc') ?? req.query.get('code') ?? '' })));
  r.add('POST', VERIFICATION_PATH, (req, _p, ctx) => {
    const form = new URLSearchParams(req.rawBody);
    const code = form.get('user_code') ?? '';
    const userId = form.get('user_id') ?? '';
    try {
      if (form.get('action') === 'decline') {
        const auth = decline(ctx, code);
        return html(200, renderDeviceResult({ title: 'Sign-in declined', text: `You declined the sign-in with the code ${auth.userCode}. The application is told so.` }));
      }
      const { auth, user } = approve(ctx, code, userId);
      return html(200, renderDeviceResult({
        title: 'You are signed in',
        text: `${user.displayName} (${user.userPrincipalName}) signed in to the application ${auth.clientId} with ${auth.scopes.join(', ')}. You can close this window.`,
      }));
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      return html(e.status, renderDeviceLogin(ctx, { code, userId, problem: e.message }));
    }
  });

  r.add('POST', '/_emulator/device/approve', (req, _p, ctx) => {
    const body = parseBody(decisionSchema, req, 'Body must be {"userCode": "...", "userId": "<user id or UPN>"}.');
    return { status: 200, json: decisionJson(approve(ctx, body.userCode, body.userId).auth) };
  });
  r.add('POST', '/_emulator/device/decline', (req, _p, ctx) => {
    const body = parseBody(declineSchema, req, 'Body must be {"userCode": "..."}.');
    return { status: 200, json: decisionJson(decline(ctx, body.userCode)) };
  });
}

function parseBody<S extends z.ZodTypeAny>(schema: S, req: EmuRequest, hint: string): z.output<S> {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) throw new GraphError(400, 'BadRequest', hint);
  return parsed.data as z.output<S>;
}

const html = (status: number, text: string): EmuResponse => ({ status, text, contentType: 'text/html; charset=utf-8' });

function deviceAuthorization(req: EmuRequest, tenant: string, ctx: EmulatorContext): EmuResponse {
  if (!knownTenantName(ctx, tenant)) return oauthError(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found. Use the emulator's tenant id.`);
  const form = new URLSearchParams(req.rawBody);
  const clientId = form.get('client_id') ?? '';
  if (!ctx.settings.clients.some((c) => c.clientId === clientId)) {
    return oauthError(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`);
  }
  const scopes = parseDelegatedScopes(form.get('scope') ?? '');
  if (!scopes.ok) return oauthError(400, 'invalid_scope', `AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope ${scopes.bad} is not valid.`);
  const { expiresInSeconds, intervalSeconds } = ctx.settings.deviceCode;
  const auth = ctx.deviceCodes.create({ clientId, scopes: scopes.scopes, expiresInSeconds, intervalSeconds });
  const verificationUri = `${ctx.issuerBase()}${VERIFICATION_PATH}`;
  return {
    status: 200,
    headers: NO_STORE,
    json: {
      user_code: auth.userCode,
      device_code: auth.deviceCode,
      verification_uri: verificationUri,
      expires_in: expiresInSeconds,
      interval: intervalSeconds,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${auth.userCode} to authenticate.`,
    },
  };
}

/**
 * The token endpoint's answer to `grant_type=urn:ietf:params:oauth:grant-type:device_code`:
 * `authorization_pending` until the user decides, `authorization_declined` once, `expired_token`
 * after `expires_in`, `bad_verification_code` for a code it never issued, then the user's
 * delegated tokens exactly once.
 */
export async function deviceCodeGrant(form: URLSearchParams, clientId: string, ctx: EmulatorContext): Promise<EmuResponse> {
  const auth = ctx.deviceCodes.findByDeviceCode(form.get('device_code') ?? '');
  if (!auth || auth.clientId !== clientId) {
    return oauthError(400, 'bad_verification_code', 'AADSTS70000: The provided value for the input parameter \'device_code\' is not valid.');
  }
  if (auth.status === 'declined') {
    ctx.deviceCodes.remove(auth);
    return oauthError(400, 'authorization_declined', 'AADSTS70000: The user declined the sign-in request.');
  }
  if (ctx.deviceCodes.isExpired(auth) && auth.status === 'pending') {
    return oauthError(400, 'expired_token', 'AADSTS70019: Verification code expired.');
  }
  if (auth.status === 'pending') {
    return oauthError(400, 'authorization_pending', 'AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
  }
  const user = ctx.state.users.get(auth.userId ?? '');
  ctx.deviceCodes.remove(auth);
  if (!user) return oauthError(400, 'invalid_grant', `AADSTS50034: The user account ${auth.userId ?? ''} does not exist in the directory.`);
  const tokens = await ctx.issuer.mintDelegatedTokens(ctx.issuerBase(), { clientId, scopes: auth.scopes, user });
  // client_info lets MSAL key its account cache like Entra's answers do (uid.utid).
  const clientInfo = Buffer.from(JSON.stringify({ uid: user.id, utid: ctx.settings.tenantId })).toString('base64url');
  return {
    status: 200,
    headers: NO_STORE,
    json: {
      token_type: 'Bearer',
      scope: auth.scopes.map((s) => `https://graph.microsoft.com/${s}`).join(' '),
      expires_in: tokens.expiresIn,
      ext_expires_in: tokens.expiresIn,
      access_token: tokens.accessToken,
      id_token: tokens.idToken,
      client_info: clientInfo,
    },
  };
}
