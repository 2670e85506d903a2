import { z } from 'zod';
import type { EmulatorContext } from '../context.ts';
import { Router } from '../http/router.ts';
import type { EmuRequest, EmuResponse } from '../http/types.ts';
import { DEVICE_CODE_GRANT, DEVICE_CODE_GRANTS } from './deviceCodes.ts';
import { deviceCodeGrant, deviceRoutes } from './deviceRoutes.ts';
import { NO_STORE, knownTenantName, oauthError } from './oauth.ts';

/** Entra's v2.0 OpenID metadata for the emulator's tenant, with endpoints on `base`. */
export function openIdConfiguration(base: string, tenantId: string) {
  const root = `${base}/${tenantId}`;
  return {
    token_endpoint: `${root}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    jwks_uri: `${root}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${root}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'tid', 'oid', 'name', 'preferred_username', 'ver'],
    kerberos_endpoint: `${root}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'emulator.local',
    cloud_graph_host_name: 'graph.emulator.local',
    msgraph_host: 'graph.emulator.local',
    rbac_url: 'https://pas.emulator.local',
  };
}

/** Entra's instance-discovery answer: the emulator's host is its own (only) alias. */
export function instanceDiscovery(base: string, tenantId: string) {
  const host = new URL(base).host;
  return {
    tenant_discovery_endpoint: `${base}/${tenantId}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}

const signInSchema = z.object({ userId: z.string().min(1), clientId: z.string().min(1).optional() }).strict();

/**
 * Token endpoint (client credentials and device code), the device authorization endpoint and
 * its sign-in page and approval API, OpenID metadata, JWKS, instance discovery, local sign-in.
 */
export function authRouter(): Router<EmulatorContext> {
  const r = new Router<EmulatorContext>();

  r.add('GET', '/:tenant/v2.0/.well-known/openid-configuration', (_req, p, ctx) => {
    if (!knownTenantName(ctx, p.tenant!)) return oauthError(400, 'invalid_tenant', `AADSTS90002: Tenant '${p.tenant}' not found.`);
    return { status: 200, json: openIdConfiguration(ctx.issuerBase(), ctx.settings.tenantId) };
  });
  r.add('GET', '/:tenant/discovery/v2.0/keys', (_req, _p, ctx) => ({ status: 200, json: ctx.issuer.jwks() }));
  r.add('GET', '/common/discovery/instance', (_req, _p, ctx) => ({
    status: 200,
    json: instanceDiscovery(ctx.issuerBase(), ctx.settings.tenantId),
  }));
  r.add('POST', '/:tenant/oauth2/v2.0/token', (req, p, ctx) => token(req, p.tenant!, ctx));
  deviceRoutes(r);
  r.add('POST', '/local/sign-in', async (req, _p, ctx) => {
    const parsed = signInSchema.safeParse(req.body);
    if (!parsed.success) return oauthError(400, 'invalid_request', 'Body must be {"userId": "<Entra object id>"}.');
    const user = ctx.state.users.get(parsed.data.userId);
    if (!user) return oauthError(400, 'invalid_grant', `AADSTS50034: The user '${parsed.data.userId}' does not exist.`);
    const clientId = parsed.data.clientId ?? ctx.settings.clients[0]?.clientId ?? 'local-connector';
    const audience = ctx.settings.userTokenAudience ?? `api://localhost/${clientId}`;
    const tokens = await ctx.issuer.mintUserTokens(ctx.issuerBase(), { clientId, audience, user });
    return {
      status: 200,
      json: {
        token_type: 'Bearer',
        id_token: tokens.idToken,
        access_token: tokens.accessToken,
        expires_in: tokens.expiresIn,
        audience,
        issuer: ctx.issuer.issuer(ctx.issuerBase()),
      },
    };
  });
  return r;
}

async function token(req: EmuRequest, tenant: string, ctx: EmulatorContext): Promise<EmuResponse> {
  // `organizations`/`common` stand for the emulator's only tenant.
  if (!knownTenantName(ctx, tenant)) {
    return oauthError(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found. Use the emulator's tenant id.`);
  }
  const form = new URLSearchParams(req.rawBody);
  let clientId = form.get('client_id') ?? undefined;
  let clientSecret = form.get('client_secret') ?? undefined;
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    clientId = decodeURIComponent(id ?? '');
    clientSecret = decodeURIComponent(secret ?? '');
  }
  const grant = form.get('grant_type');
  const deviceCodeGrantType = DEVICE_CODE_GRANTS.includes(grant ?? '');
  if (grant !== 'client_credentials' && !deviceCodeGrantType) {
    return oauthError(400, 'unsupported_grant_type', `AADSTS70003: The emulator supports grant_type=client_credentials and ${DEVICE_CODE_GRANT} only (got '${grant ?? ''}').`);
  }
  const client = ctx.settings.clients.find((c) => c.clientId === clientId);
  if (!client) return oauthError(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${clientId ?? ''}' was not found in the directory.`);
  // The device-code grant is a public-client flow: no secret, but a wrong one is still refused.
  if (deviceCodeGrantType) {
    if (clientSecret !== undefined && client.clientSecret !== clientSecret) return oauthError(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    return deviceCodeGrant(form, client.clientId, ctx);
  }
  if (client.clientSecret !== clientSecret) {
    return oauthError(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
  }
  const scope = form.get('scope') ?? '';
  if (!scope.split(' ').some((s) => s.endsWith('/.default'))) {
    return oauthError(400, 'invalid_scope', `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
  }
  const { token: accessToken, expiresIn } = await ctx.issuer.mintAppToken(ctx.issuerBase(), client.clientId);
  return {
    status: 200,
    headers: NO_STORE,
    json: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken },
  };
}
