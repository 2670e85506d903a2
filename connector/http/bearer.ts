import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

/** Signing keys from a JWKS URL, cached by jose: refetched on an unknown `kid`, at most every 30 s. */
export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
}

/** The compact JWT of an `Authorization: Bearer <jwt>` header, or undefined when it is not one. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/i.exec(authorization ?? '')?.[1];
}
