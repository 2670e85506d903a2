import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type JWK, type JWTPayload } from 'jose';

/** The audience of Graph access tokens (Entra uses Graph's app id URI). */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Application permissions every emulated client is granted. */
export const APP_ROLES = [
  'Schedule.ReadWrite.All',
  'WorkforceIntegration.ReadWrite.All',
  'Group.Read.All',
  'User.Read.All',
  'Calendars.ReadWrite',
];

export interface TokenIssuer {
  kid: string;
  jwks(): { keys: JWK[] };
  /** `{base}/{tenant}/v2.0`, the `iss` of every token. */
  issuer(base: string): string;
  mintAppToken(base: string, clientId: string): Promise<{ token: string; expiresIn: number }>;
  mintUserTokens(
    base: string,
    input: { clientId: string; audience: string; user: { id: string; displayName: string; userPrincipalName: string } },
  ): Promise<{ idToken: string; accessToken: string; expiresIn: number }>;
  /**
   * Delegated Graph tokens for a signed-in user (device-code grant): an access token for Graph
   * with `scp` = the granted permissions, and an id token for the client.
   */
  mintDelegatedTokens(
    base: string,
    input: { clientId: string; scopes: string[]; user: { id: string; displayName: string; userPrincipalName: string; admin: boolean } },
  ): Promise<{ idToken: string; accessToken: string; expiresIn: number }>;
  /** Verifies a Graph bearer token; returns its claims or a reason. */
  verifyGraphToken(base: string, token: string): Promise<{ ok: true; claims: JWTPayload } | { ok: false; reason: string }>;
}

const LIFETIME_SECONDS = 3599;
/** Role template id of Global Administrator, carried in `wids` as Entra does. */
export const GLOBAL_ADMIN_ROLE_ID = '62e90394-69f5-4237-9190-012177145e10';

/** RS256 issuer with one in-memory key pair, published as JWKS like Entra's. */
export async function createIssuer(tenantId: string): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const issuer = (base: string) => `${base}/${tenantId}/v2.0`;

  const sign = (payload: JWTPayload, base: string, audience: string, lifetime = LIFETIME_SECONDS) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer(base))
      .setAudience(audience)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${lifetime}s`)
      .setJti(randomUUID())
      .sign(privateKey);

  return {
    kid,
    jwks: () => ({ keys: [jwk] }),
    issuer,
    async mintAppToken(base, clientId) {
      const token = await sign(
        { tid: tenantId, appid: clientId, azp: clientId, oid: clientId, sub: clientId, idtyp: 'app', roles: APP_ROLES, ver: '2.0' },
        base,
        GRAPH_AUDIENCE,
      );
      return { token, expiresIn: LIFETIME_SECONDS };
    },
    async mintUserTokens(base, { clientId, audience, user }) {
      const common = { tid: tenantId, oid: user.id, sub: user.id, name: user.displayName, preferred_username: user.userPrincipalName, ver: '2.0' };
      const idToken = await sign({ ...common, nonce: randomUUID() }, base, clientId);
      const accessToken = await sign({ ...common, azp: clientId, scp: 'access_as_user', idtyp: 'user' }, base, audience);
      return { idToken, accessToken, expiresIn: LIFETIME_SECONDS };
    },
    async mintDelegatedTokens(base, { clientId, scopes, user }) {
      const common = { tid: tenantId, oid: user.id, sub: user.id, name: user.displayName, preferred_username: user.userPrincipalName, ver: '2.0' };
      const idToken = await sign(common, base, clientId);
      const accessToken = await sign(
        {
          ...common,
          upn: user.userPrincipalName,
          appid: clientId,
          azp: clientId,
          scp: scopes.join(' '),
          idtyp: 'user',
          ...(user.admin ? { wids: [GLOBAL_ADMIN_ROLE_ID] } : {}),
        },
        base,
        GRAPH_AUDIENCE,
      );
      return { idToken, accessToken, expiresIn: LIFETIME_SECONDS };
    },
    async verifyGraphToken(base, token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: issuer(base),
          audience: [GRAPH_AUDIENCE, GRAPH_APP_ID],
          algorithms: ['RS256'],
        });
        return { ok: true, claims: payload };
      } catch (e) {
        return { ok: false, reason: (e as Error).message };
      }
    },
  };
}
