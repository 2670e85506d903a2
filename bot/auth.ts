import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { err, ok, type Result } from '../connector/errors.ts';
import { bearerToken, remoteKeys } from '../connector/http/bearer.ts';

/**
 * The Bot Framework's own check of a channel request, done before anything reads the
 * activity: an RS256 token from the Bot Framework issuer, for this bot, unexpired, and (when it
 * names one) for the activity's serviceUrl. botbuilder checks the same again; doing it first
 * here means a forged request is one short 401 and a one-line log, never an adapter error.
 * (Learn: "Authenticate requests from the Bot Connector service to your bot".)
 */
export interface BotTokenRules {
  /** The bot's Entra app id: the token's `aud`. */
  botId: string;
  /** `iss` of channel tokens. */
  issuer: string;
  /** Leeway for `exp`/`nbf`, in seconds (the Bot Framework allows 5 minutes). */
  clockToleranceSeconds: number;
}

/** The Bot Framework's public cloud issuer and signing keys. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const BOT_FRAMEWORK_KEYS_URL = 'https://login.botframework.com/v1/.well-known/keys';

export type BotTokenFailure = 'missing_token' | 'malformed_token' | 'bad_signature' | 'expired' | 'wrong_claims' | 'service_url_mismatch' | 'keys_unavailable';

export interface VerifiedChannel {
  /** The `serviceUrl` claim, to compare with the activity's (undefined when the token has none). */
  serviceUrl: string | undefined;
}

export interface BotTokenVerifier {
  verify(authorization: string | undefined): Promise<Result<VerifiedChannel, BotTokenFailure>>;
}

/** The Bot Framework's signing keys (`BOT_KEYS_URL`), cached like every JWKS. */
export const botFrameworkKeys = (url: string): JWTVerifyGetKey => remoteKeys(url);

export function createBotTokenVerifier(rules: BotTokenRules, keys: JWTVerifyGetKey): BotTokenVerifier {
  return {
    async verify(authorization) {
      if (!authorization) return err('missing_token');
      const token = bearerToken(authorization);
      if (!token) return err('malformed_token');
      // Cheap refusals first, so a stranger's token never makes us fetch keys.
      try {
        if (decodeProtectedHeader(token).alg !== 'RS256') return err('bad_signature');
        if (decodeJwt(token).iss !== rules.issuer) return err('wrong_claims');
      } catch {
        return err('malformed_token');
      }
      let payload: JWTPayload;
      try {
        // Only RS256: `none`, HMAC (a public key used as a shared secret) and the rest never
        // reach a key lookup.
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          issuer: rules.issuer,
          audience: rules.botId,
          clockTolerance: rules.clockToleranceSeconds,
          requiredClaims: ['exp', 'iss', 'aud'],
        }));
      } catch (e) {
        return err(classify(e));
      }
      return ok({ serviceUrl: typeof payload.serviceurl === 'string' ? payload.serviceurl : typeof payload.serviceUrl === 'string' ? payload.serviceUrl : undefined });
    },
  };
}

function classify(e: unknown): BotTokenFailure {
  if (e instanceof joseErrors.JWTExpired) return 'expired';
  if (e instanceof joseErrors.JWTClaimValidationFailed) return 'wrong_claims';
  if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid) return 'keys_unavailable';
  if (e instanceof joseErrors.JOSEError) return 'bad_signature';
  // fetch of the JWKS failed: not the caller's fault, but still nothing is processed.
  return 'keys_unavailable';
}

/** Whether the token's serviceUrl claim (if any) is the activity's, ignoring a trailing slash. */
export function sameServiceUrl(claim: string | undefined, activityServiceUrl: unknown): boolean {
  if (claim === undefined) return true;
  const norm = (u: string) => u.replace(/\/+$/, '').toLowerCase();
  return typeof activityServiceUrl === 'string' && norm(claim) === norm(activityServiceUrl);
}

/** For logs: the unverified `iss` of a refused token, never the token itself. */
export function claimedIssuer(authorization: string | undefined): string | undefined {
  try {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const iss = token ? decodeJwt(token).iss : undefined;
    return typeof iss === 'string' ? iss.slice(0, 120) : undefined;
  } catch {
    return undefined;
  }
}
