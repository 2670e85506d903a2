import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from './support/fixtures.ts';
import { AUDIENCE, startTabServer, type TabServer } from './support/server.ts';

let s: TabServer;
beforeAll(async () => {
  s = await startTabServer(fixtures());
});
afterAll(async () => {
  await s?.close();
});

describe('GET /api/tab/session', () => {
  it('tells the consent popup where to sign in (public app registration values)', async () => {
    const res = await fetch(`${s.url}/api/tab/session`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { localMode: boolean; localUsers: unknown[]; entra?: Record<string, string> };
    expect(body.entra).toEqual({ authority: expect.stringMatching(/^https?:\/\//), clientId: 'local-connector', tenantId: s.issuer.tenantId, scope: `${AUDIENCE}/access_as_user` });
  });
});
