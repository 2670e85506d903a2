import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from './support/fixtures.ts';
import type { InTestSyncService } from './support/sync.ts';
import { startTabServer, type TabServer } from './support/server.ts';

let s: TabServer;
let sync: InTestSyncService;
let token: string;
beforeAll(async () => {
  const f = fixtures();
  sync = f.sync;
  s = await startTabServer(f);
  token = await s.issuer.token({ oid: 'manager-1' });
});
afterAll(async () => {
  await s?.close();
});

describe('tab API per-team authorisation', () => {
  it.each([
    ['GET', '/api/tab/failures?teamId=team-b'],
    ['GET', '/api/tab/failures/f3'],
    ['POST', '/api/tab/failures/f3/retry'],
    ['POST', '/api/tab/teams/team-b/retry-all'],
    ['POST', '/api/tab/teams/team-b/sync'],
    ['GET', '/api/tab/rejected?teamId=team-b'],
    ['GET', '/api/tab/teams/team-b/members'],
    ['GET', '/api/tab/teams/team-b/members/e3/time-off-reasons'],
  ] as const)('answers 403 to %s %s (another manager’s team) and changes nothing', async (method, path) => {
    const callsBefore = sync.calls.filter((c) => !c.startsWith('list')).length;
    const res = await s.call(method, path, token);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: { code: 'forbidden', message: 'You do not manage this team.' } });
    expect(sync.calls.filter((c) => !c.startsWith('list')).length).toBe(callsBefore);
    expect(sync.failures.find((f) => f.id === 'f3')?.state).toBe('open');
  });

  it('answers 403, not 404, for a team that does not exist, so team ids are not disclosed', async () => {
    const res = await s.call('POST', '/api/tab/teams/no-such-team/sync', token);
    expect(res.status).toBe(403);
  });

  it('never lists another team’s failures, status or rejections', async () => {
    const failures = await s.call('GET', '/api/tab/failures', token);
    expect((failures.json as { failures: Array<{ teamId: string }> }).failures.map((f) => f.teamId)).toEqual(['team-a', 'team-a']);
    const status = await s.call('GET', '/api/tab/status', token);
    expect((status.json as { teams: Array<{ teamId: string }> }).teams.map((t) => t.teamId)).toEqual(['team-a']);
    const rejected = await s.call('GET', '/api/tab/rejected', token);
    expect((rejected.json as { changes: Array<{ teamId: string }> }).changes.map((c) => c.teamId)).toEqual(['team-a']);
  });

  it('gives a manager of no team empty lists without asking the sync engine for everything', async () => {
    const nobody = await s.issuer.token({ oid: 'not-a-manager' });
    const before = sync.calls.length;
    expect((await s.call('GET', '/api/tab/failures', nobody)).json).toEqual({ failures: [] });
    expect((await s.call('GET', '/api/tab/status', nobody)).json).toEqual({ teams: [] });
    expect(sync.calls.length).toBe(before);
  });
});
