import type { Configuration, INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { instanceDiscovery, openIdConfiguration } from './routes.ts';

/**
 * MSAL refuses authorities that are not https. The emulator speaks plain HTTP on loopback,
 * so MSAL is given an https authority with the emulator's host and this network client,
 * MSAL's supported `system.networkClient` extension point, which sends each request to the
 * emulator over HTTP instead. MSAL itself runs unmodified.
 */
export class EmulatorNetworkClient implements INetworkModule {
  private readonly origin: string;
  constructor(emulatorUrl: string) {
    this.origin = new URL(emulatorUrl).origin;
  }

  /** `https://127.0.0.1:3979/x` → `http://127.0.0.1:3979/x`; other URLs are left alone. */
  rewrite(url: string): string {
    const u = new URL(url);
    const target = new URL(this.origin);
    if (u.host === target.host) u.protocol = target.protocol;
    return u.toString();
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(method: string, url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    const res = await fetch(this.rewrite(url), {
      method,
      headers: options?.headers,
      body: method === 'POST' ? options?.body : undefined,
      signal: AbortSignal.timeout(timeout ?? 30_000),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    const text = await res.text();
    return { status: res.status, headers, body: (text === '' ? {} : JSON.parse(text)) as T };
  }
}

export interface EmulatorMsalInput {
  /** The emulator's base URL, e.g. `http://127.0.0.1:3979` (config `AUTHORITY_HOST` in local mode). */
  emulatorUrl: string;
  tenantId: string;
  clientId: string;
  /** Leave out for a public client (`PublicClientApplication`, device-code sign-in). */
  clientSecret?: string;
}

/** The https authority MSAL is given for the emulator: `https://{host}/{tenantId}`. */
export function emulatorAuthority(emulatorUrl: string, tenantId: string): string {
  return `https://${new URL(emulatorUrl).host}/${tenantId}`;
}

/**
 * A complete `@azure/msal-node` configuration for a confidential client (or, without a
 * secret, a public client for the device-code flow) against the
 * emulator: https authority, the emulator host as a known authority, the authority and
 * cloud-discovery metadata given up front (no discovery round trips), and the network
 * client above.
 */
export function emulatorMsalConfig(input: EmulatorMsalInput): Configuration {
  const host = new URL(input.emulatorUrl).host;
  const base = new URL(input.emulatorUrl).origin;
  return {
    auth: {
      clientId: input.clientId,
      ...(input.clientSecret !== undefined ? { clientSecret: input.clientSecret } : {}),
      authority: emulatorAuthority(input.emulatorUrl, input.tenantId),
      knownAuthorities: [host],
      authorityMetadata: JSON.stringify(openIdConfiguration(base, input.tenantId)),
      cloudDiscoveryMetadata: JSON.stringify(instanceDiscovery(base, input.tenantId)),
    },
    system: { networkClient: new EmulatorNetworkClient(input.emulatorUrl) },
  };
}
