import {
  MiddlewareFactory,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';

/**
 * The Graph SDK only attaches the bearer token to https URLs of Graph (or of `customHosts`),
 * and strips it from anything else, so it never authenticates to a plain-HTTP emulator.
 * This middleware takes the SDK's `AuthenticationHandler` place and attaches the token to
 * requests for the emulator's origin (and to https Graph hosts), nowhere else.
 */
export class EmulatorAuthenticationHandler implements Middleware {
  private next: Middleware | undefined;
  private readonly origin: string;

  constructor(
    private readonly provider: AuthenticationProvider,
    emulatorUrl: string,
  ) {
    this.origin = new URL(emulatorUrl).origin;
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const headers = (context.options ??= {}).headers;
    if (new URL(url).origin === this.origin) {
      const token = await this.provider.getAccessToken();
      if (context.request instanceof Request) context.request.headers.set('Authorization', `Bearer ${token}`);
      else context.options.headers = { ...(headers as Record<string, string> | undefined), Authorization: `Bearer ${token}` };
    } else if (headers && !Array.isArray(headers) && !(headers instanceof Headers)) {
      delete (headers as Record<string, string>).Authorization;
    }
    if (!this.next) throw new Error('EmulatorAuthenticationHandler must not be the last middleware.');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * The SDK's default middleware chain (retry, redirect, telemetry, HTTP) with the
 * authentication step swapped for `EmulatorAuthenticationHandler`. Use it as
 * `Client.initWithMiddleware({ middleware: emulatorGraphMiddleware(provider, url), baseUrl: url })`.
 */
export function emulatorGraphMiddleware(provider: AuthenticationProvider, emulatorUrl: string): Middleware[] {
  const chain = MiddlewareFactory.getDefaultMiddlewareChain(provider);
  chain[0] = new EmulatorAuthenticationHandler(provider, emulatorUrl);
  return chain;
}
