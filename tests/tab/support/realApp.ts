import { DEMO_TENANT_ID } from '../../../connector/wfm/embedded/demo.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { AUDIENCE } from './server.ts';
import { startTestIssuer, type TestIssuer } from './issuer.ts';

export interface RealTabApp {
  app: TestApp;
  issuer: TestIssuer;
  call(method: 'GET' | 'POST', path: string, token?: string): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

/**
 * The whole app as `npm start` composes it in local mode (real sync engine, embedded WFM with
 * its demo teams and mappings, webhook audit, tab module), with the authority pointed at our
 * test issuer: the tab validates our tokens exactly as it validates the emulator's.
 */
export async function startRealTabApp(): Promise<RealTabApp> {
  const issuer = await startTestIssuer(AUDIENCE, DEMO_TENANT_ID);
  const app = await startTestApp({ env: { AUTHORITY_HOST: issuer.authorityHost } });
  return {
    app,
    issuer,
    async call(method, path, token) {
      const res = await fetch(app.url + path, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async close() {
      await app.close();
      await issuer.close();
    },
  };
}
