import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { err, ok, type Result } from '../../../connector/errors.ts';
import { bearerToken } from '../../../connector/http/bearer.ts';

/**
 * What a token must satisfy to reach `/api/tab/*`. In Teams these are Entra's values; in local
 * mode the same rules run against the local emulator's issuer.
 */
export interface TokenRules {
  /**
   * Issuer templates; `{tenantId}` stands for the token's own `tid`, which must then equal
   * `tenantId` when that is set (single-tenant) or may be any tenant (local mode without one).
   */
  issuers: string[];
  /** Accepted `aud` values: `api://{domain}/{clientId}` (v1 tokens) and the client id (v2). */
  audiences: string[];
  /** Restricts `tid`; undefined accepts any tenant the issuer vouches for. */
  tenantId: string | undefined;
  /** A scope `scp` must contain (`access_as_user`); undefined skips the check. */
  requiredScope: string | undefined;
  /** Leeway for `exp`/`nbf`, in seconds. */
  clockToleranceSeconds: number;
}

/** The signed-in person, from a validated token. */
export interface Principal {
  /** Entra object id (`oid`). */
  userId: string;
  tenantId: string | null;
  displayName: string | null;
}

export interface TokenError {
  code: 'missing_token' | 'invalid_token' | 'expired_token' | 'keys_unavailable';
  message: string;
}

export interface TokenVerifier {
  /** Validates the `Authorization` header value (`Bearer <jwt>`). */
  verify(authorization: string | undefined): Promise<Result<Principal, TokenError>>;
}

export { remoteKeys } from '../../../connector/http/bearer.ts';

/**
 * Token validation for the tab: signature against the JWKS, then issuer, audience, expiry,
 * tenant and scope. Every failure is a typed result; the token itself is never logged.
 */
export function createTokenVerifier(rules: TokenRules, keys: JWTVerifyGetKey): TokenVerifier {
  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      if (!authorization) return err({ code: 'missing_token', message: 'Sign in first: no bearer token was sent.' });
      if (!token) return err({ code: 'invalid_token', message: 'The Authorization header is not a bearer token.' });
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          audience: rules.audiences,
          algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'PS256'],
          clockTolerance: rules.clockToleranceSeconds,
          requiredClaims: ['exp', 'iss', 'aud'],
        }));
      } catch (e) {
        return err(classify(e));
      }
      return checkClaims(payload, rules);
    },
  };
}

function classify(e: unknown): TokenError {
  if (e instanceof joseErrors.JWTExpired) return { code: 'expired_token', message: 'The token has expired; sign in again.' };
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    return { code: 'invalid_token', message: `The token was not issued for this app (${e.claim} ${e.reason}).` };
  }
  if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid) {
    return { code: 'keys_unavailable', message: 'The signing keys could not be fetched; try again shortly.' };
  }
  if (e instanceof joseErrors.JWKSNoMatchingKey || e instanceof joseErrors.JWSSignatureVerificationFailed) {
    return { code: 'invalid_token', message: 'The token signature is not valid.' };
  }
  if (e instanceof joseErrors.JOSEError) return { code: 'invalid_token', message: 'The token is not valid.' };
  // A network error while fetching the JWKS surfaces as a plain TypeError from fetch.
  return { code: 'keys_unavailable', message: 'The signing keys could not be fetched; try again shortly.' };
}

function checkClaims(p: JWTPayload, rules: TokenRules): Result<Principal, TokenError> {
  const tid = typeof p.tid === 'string' ? p.tid : null;
  if (rules.tenantId && tid !== rules.tenantId) {
    return err({ code: 'invalid_token', message: 'The token belongs to another tenant.' });
  }
  const issuerOk = rules.issuers.some((tpl) =>
    tpl.includes('{tenantId}') ? tid !== null && tpl.replace('{tenantId}', tid) === p.iss : tpl === p.iss,
  );
  if (!issuerOk) return err({ code: 'invalid_token', message: 'The token was issued by an issuer this app does not trust.' });
  if (rules.requiredScope) {
    const scopes = typeof p.scp === 'string' ? p.scp.split(' ') : [];
    if (!scopes.includes(rules.requiredScope)) {
      return err({ code: 'invalid_token', message: `The token lacks the ${rules.requiredScope} scope.` });
    }
  }
  const oid = typeof p.oid === 'string' && p.oid ? p.oid : undefined;
  if (!oid) return err({ code: 'invalid_token', message: 'The token does not name a user (no oid claim).' });
  const name = typeof p.name === 'string' ? p.name : typeof p.preferred_username === 'string' ? p.preferred_username : null;
  return ok({ userId: oid, tenantId: tid, displayName: name });
}
