/**
 * Credentials for the customer's WFM: a static API key, or an OAuth2 client-credentials
 * token fetched from the token endpoint and reused until shortly before it expires.
 */
import { z } from 'zod';

export type HttpAuth =
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'oauth'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
});

/** Thrown when the WFM's token endpoint refuses or answers nonsense; never carries secrets. */
export class WfmAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WfmAuthError';
  }
}

export interface AuthHeaders {
  /** Headers for the next request. */
  headers(): Promise<Record<string, string>>;
  /** Forgets a cached token after a 401, so the next call fetches a new one. */
  invalidate(): void;
}

export function createAuth(auth: HttpAuth, fetchFn: typeof fetch, timeoutMs: number, now: () => number = Date.now): AuthHeaders {
  if (auth.kind === 'apiKey') {
    return { headers: async () => ({ 'x-api-key': auth.apiKey }), invalidate: () => undefined };
  }
  const oauth = auth;
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: oauth.clientId, client_secret: oauth.clientSecret });
    if (oauth.scope) body.set('scope', oauth.scope);
    let res: Response;
    try {
      res = await fetchFn(oauth.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new WfmAuthError(`The WFM token endpoint could not be reached (${(e as Error).name}).`);
    }
    if (!res.ok) throw new WfmAuthError(`The WFM token endpoint refused the client credentials (HTTP ${res.status}).`);
    const parsed = tokenResponseSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new WfmAuthError('The WFM token endpoint answered without an access_token.');
    const ttl = (parsed.data.expires_in ?? 300) * 1000;
    // Renew a minute early (or at half-life for short tokens) so no request carries a dying token.
    cached = { token: parsed.data.access_token, expiresAt: now() + Math.max(ttl / 2, ttl - 60_000) };
    return parsed.data.access_token;
  }

  return {
    async headers() {
      if (!cached || cached.expiresAt <= now()) {
        inflight ??= fetchToken().finally(() => {
          inflight = undefined;
        });
        await inflight;
      }
      return { authorization: `Bearer ${cached!.token}` };
    },
    invalidate() {
      cached = undefined;
    },
  };
}
