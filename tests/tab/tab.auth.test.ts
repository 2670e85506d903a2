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

const code = (json: unknown) => (json as { error: { code: string } }).error.code;

describe('tab API token validation', () => {
  it('answers 401 with the one error shape when no token is sent', async () => {
    const res = await s.call('GET', '/api/tab/me');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('no bearer token') } });
  });

  it('answers 401 for a header that is not a bearer token', async () => {
    const res = await fetch(`${s.url}/api/tab/me`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
  });

  it('accepts a valid token and names the signed-in manager and their teams only', async () => {
    const res = await s.call('GET', '/api/tab/me', await s.issuer.token());
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      userId: 'manager-1',
      displayName: 'Test Manager',
      localMode: true,
      teams: [{ teamId: 'team-a', teamName: 'Contoso Bakery', timeZone: 'Europe/London' }],
    });
  });

  it('accepts the team owner as well as listed managers', async () => {
    const res = await s.call('GET', '/api/tab/me', await s.issuer.token({ oid: 'manager-2' }));
    expect((res.json as { teams: Array<{ teamId: string }> }).teams.map((t) => t.teamId)).toEqual(['team-b']);
  });

  it.each([
    ['signed by another key', {}, { foreignKey: true }, 'signature'],
    ['expired', {}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }, 'expired'],
    ['for another audience', { aud: 'api://elsewhere/other-app' }, {}, 'aud'],
    ['from another issuer', { iss: 'https://evil.example/tenant/v2.0' }, {}, 'issuer'],
    ['for another tenant', { tid: '11111111-2222-3333-4444-555555555555' }, {}, 'tenant'],
    ['without the access_as_user scope', { scp: 'User.Read' }, {}, 'access_as_user'],
    ['without a user (oid)', { oid: undefined }, {}, 'oid'],
  ])('rejects a token %s with 401', async (_what, claims, options, reason) => {
    const res = await s.call('GET', '/api/tab/status', await s.issuer.token(claims, options));
    expect(res.status).toBe(401);
    expect(code(res.json)).toBe('unauthorized');
    expect((res.json as { error: { message: string } }).error.message.toLowerCase()).toContain(reason.toLowerCase());
  });

  it('accepts a v2 token whose audience is the client id', async () => {
    const res = await s.call('GET', '/api/tab/me', await s.issuer.token({ aud: 'local-connector' }));
    expect(res.status).toBe(200);
    expect(AUDIENCE).toBe('api://localhost/local-connector');
  });

  it('fetches the JWKS once and reuses it across requests', async () => {
    const before = s.issuer.jwksFetches();
    for (let i = 0; i < 3; i++) expect((await s.call('GET', '/api/tab/me', await s.issuer.token())).status).toBe(200);
    expect(s.issuer.jwksFetches()).toBe(before);
    expect(before).toBeGreaterThanOrEqual(1);
  });
});
