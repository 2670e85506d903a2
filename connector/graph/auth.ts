/**
 * Graph tokens through MSAL: app-only (client credentials) and, for the administrator's
 * `register`, delegated through the device-code flow. App-only: MSAL caches the token and renews it
 * before expiry; a 401 from Graph asks for a fresh one (`forceRefresh`). Authorities must be
 * https for MSAL; a loopback http authority (the local emulator) is reached through a network
 * client that maps the https authority back to http, with the endpoints given as metadata so
 * MSAL does not try instance discovery on the internet.
 */
import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import type { Configuration, DeviceCodeRequest, INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export interface TokenProvider {
  /** A bearer token for Graph; `forceRefresh` skips the cache (after a 401). */
  getToken(forceRefresh?: boolean): Promise<string>;
}

export interface AuthOptions {
  clientId: string;
  clientSecret: string;
  /** Tenant id or name; `organizations` when unknown. */
  tenantId: string;
  /** e.g. `https://login.microsoftonline.com`, or the emulator's `http://127.0.0.1:3979`. */
  authorityHost: string;
  /** Graph base URL; the scope is `<graph>/.default`. */
  graphBaseUrl: string;
}

/**
 * The app-only scope: `<graph host>/.default` for Microsoft's clouds; an emulator (any other
 * host) issues tokens for Graph's own audience, as Entra would.
 */
export function graphScope(graphBaseUrl: string): string {
  const host = /^https:\/\/[^/]*graph\.microsoft\.[a-z.]+/i.exec(graphBaseUrl)?.[0];
  return `${host ?? 'https://graph.microsoft.com'}/.default`;
}

const isLoopbackHttp = (url: string) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/i.test(url);

/** Authority settings MSAL accepts, for both Entra and a loopback http emulator. */
export function msalAuth(opts: { clientId: string; tenantId: string; authorityHost: string }): {
  auth: Configuration['auth'];
  system?: Configuration['system'];
} {
  if (!isLoopbackHttp(opts.authorityHost)) {
    return { auth: { clientId: opts.clientId, authority: `${opts.authorityHost}/${opts.tenantId}` } };
  }
  const httpsHost = opts.authorityHost.replace(/^http:/i, 'https:');
  const authority = `${httpsHost}/${opts.tenantId}`;
  const host = new URL(httpsHost).host;
  const metadata = {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    issuer: `${authority}/v2.0`,
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
  };
  return {
    auth: {
      clientId: opts.clientId,
      authority,
      knownAuthorities: [host],
      authorityMetadata: JSON.stringify(metadata),
      cloudDiscoveryMetadata: JSON.stringify({
        tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      }),
    },
    system: { networkClient: loopbackNetworkClient(httpsHost, opts.authorityHost) },
  };
}

const isSocketReset = (e: unknown) => {
  const code = (e as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET';
};

/** Sends MSAL's https requests for `httpsHost` to the loopback http server instead. */
function loopbackNetworkClient(httpsHost: string, httpHost: string): INetworkModule {
  const rewrite = (url: string) => (url.startsWith(httpsHost) ? httpHost + url.slice(httpsHost.length) : url);
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const request = () => fetch(rewrite(url), { method, headers: options?.headers, body: options?.body });
    // A kept-alive socket the emulator closed at the same moment fails the request before it was
    // read; token requests are safe to repeat, so such a reset is retried once on a new socket.
    const res = await request().catch((e: unknown) => (isSocketReset(e) ? request() : Promise.reject(e)));
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    const text = await res.text();
    return { status: res.status, headers, body: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** Client-credentials token provider (app-only, `.default` scope). */
export function clientCredentialsProvider(opts: AuthOptions): TokenProvider {
  const { auth, system } = msalAuth(opts);
  const app = new ConfidentialClientApplication({ auth: { ...auth, clientSecret: opts.clientSecret }, ...(system ? { system } : {}) });
  const scopes = [graphScope(opts.graphBaseUrl)];
  return {
    async getToken(forceRefresh = false) {
      const result = await app.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh });
      if (!result?.accessToken) throw new Error('the authority returned no access token');
      return result.accessToken;
    },
  };
}

/** The administrator's interactive sign-in ended without a token (declined, expired): not a bug. */
export class SignInError extends Error {
  override name = 'SignInError';
}

/**
 * Delegated sign-in with the device-code flow (an administrator registers the workforce
 * integration). `onCode` shows the user the code and where to enter it. MSAL polls until the
 * user decides or the code expires; a decline or an expiry becomes one clear error.
 */
export async function deviceCodeToken(
  opts: Omit<AuthOptions, 'clientSecret'> & { scopes: string[] },
  onCode: (message: string) => void,
): Promise<string> {
  const { auth, system } = msalAuth(opts);
  const app = new PublicClientApplication({ auth, ...(system ? { system } : {}) });
  const request: DeviceCodeRequest = { scopes: opts.scopes, deviceCodeCallback: (r) => onCode(r.message) };
  let result;
  try {
    result = await app.acquireTokenByDeviceCode(request);
  } catch (e) {
    throw new SignInError(`device-code sign-in failed: ${describeSignInError(e)}`, { cause: e });
  }
  if (!result?.accessToken) throw new Error('the device-code sign-in returned no access token');
  return result.accessToken;
}

/** MSAL reports the authority's refusals as `post_request_failed` with the OAuth error inside. */
function describeSignInError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  if (/authorization_declined/.test(text)) return 'the sign-in was declined (authorization_declined)';
  if (/expired_token|device_code_expired|Verification code expired/i.test(text)) return 'the code expired before anyone signed in (expired_token)';
  return text;
}
