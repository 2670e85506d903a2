import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/**
 * A token issuer of our own for the tab's auth tests: an RSA key pair generated here and its
 * JWKS served on loopback at `{authorityHost}/{tenant}/discovery/v2.0/keys`, the same path
 * Entra and the local emulator use.
 */
export interface TestIssuer {
  authorityHost: string;
  tenantId: string;
  /** Signs a token; `claims` override the defaults (a valid manager token for the tab). */
  token(claims?: Record<string, unknown>, options?: { expiresIn?: string | number; foreignKey?: boolean }): Promise<string>;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  close(): Promise<void>;
}

export const TEST_TENANT = '0d5e7a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b';

export async function startTestIssuer(audience: string, tenantId = TEST_TENANT): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'tab-test-key', alg: 'RS256', use: 'sig' };
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === `/${tenantId}/discovery/v2.0/keys`) {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const authorityHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authorityHost,
    tenantId,
    async token(claims = {}, options = {}) {
      const body = {
        iss: `${authorityHost}/${tenantId}/v2.0`,
        aud: audience,
        tid: tenantId,
        oid: 'manager-1',
        name: 'Test Manager',
        scp: 'access_as_user',
        ...claims,
      };
      return new SignJWT(body)
        .setProtectedHeader({ alg: 'RS256', kid: 'tab-test-key' })
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '1h')
        .sign(options.foreignKey ? other.privateKey : privateKey);
    },
    jwksFetches: () => fetches,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
