import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MANAGERS, DEMO_TEAMS } from '../../connector/wfm/embedded/demo.ts';
import { startRealTabApp, type RealTabApp } from './support/realApp.ts';

const [MORGAN, HARRIET] = DEMO_MANAGERS;
const [BROOKLYN, CAMDEN] = DEMO_TEAMS;
let s: RealTabApp;
beforeAll(async () => {
  s = await startRealTabApp();
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
    const res = await fetch(`${s.app.url}/api/tab/me`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
  });

  it('accepts a valid token and names the signed-in manager and their teams only', async () => {
    const res = await s.call('GET', '/api/tab/me', await s.issuer.token({ oid: MORGAN!.userId, name: MORGAN!.displayName }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      userId: MORGAN!.userId,
      displayName: MORGAN!.displayName,
      localMode: true,
      teams: [{ teamId: BROOKLYN!.teamsTeamId, teamName: BROOKLYN!.name, timeZone: BROOKLYN!.timeZone }],
    });
  });

  it('gives another manager their own team', async () => {
    const res = await s.call('GET', '/api/tab/me', await s.issuer.token({ oid: HARRIET!.userId }));
    expect((res.json as { teams: Array<{ teamId: string }> }).teams.map((t) => t.teamId)).toEqual([CAMDEN!.teamsTeamId]);
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
  });

  it('fetches the JWKS once and reuses it across requests', async () => {
    const before = s.issuer.jwksFetches();
    for (let i = 0; i < 3; i++) expect((await s.call('GET', '/api/tab/me', await s.issuer.token())).status).toBe(200);
    expect(s.issuer.jwksFetches()).toBe(before);
    expect(before).toBeGreaterThanOrEqual(1);
  });
});

describe('tab API per-team authorisation on the real app', () => {
  it.each([
    ['GET', 'failures?teamId={team}'],
    ['GET', 'rejected?teamId={team}'],
    ['POST', 'teams/{team}/sync'],
    ['POST', 'teams/{team}/retry-all'],
    ['GET', 'teams/{team}/members'],
    ['GET', 'teams/{team}/members/E2001/time-off-reasons'],
  ] as const)('answers 403 to %s %s for a team the manager does not own', async (method, path) => {
    const token = await s.issuer.token({ oid: MORGAN!.userId });
    const res = await s.call(method, `/api/tab/${path.replace('{team}', CAMDEN!.teamsTeamId)}`, token);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: { code: 'forbidden', message: 'You do not manage this team.' } });
  });

  it('lets the manager read their own team through the real sync engine and WFM', async () => {
    const token = await s.issuer.token({ oid: MORGAN!.userId });
    const status = await s.call('GET', '/api/tab/status', token);
    expect(status.status).toBe(200);
    expect((status.json as { teams: Array<{ teamId: string; outcomes7d: unknown[] }> }).teams).toEqual([
      expect.objectContaining({ teamId: BROOKLYN!.teamsTeamId, outcomes7d: expect.any(Array) }),
    ]);
    const members = await s.call('GET', `/api/tab/teams/${BROOKLYN!.teamsTeamId}/members`, token);
    expect((members.json as { members: unknown[] }).members.length).toBeGreaterThan(0);
  });
});
