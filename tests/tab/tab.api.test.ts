import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failuresResponseSchema, reasonsResponseSchema, statusResponseSchema } from '../../tab/api/contracts/index.ts';
import { fixtures } from './support/fixtures.ts';
import type { InTestSyncService } from './support/sync.ts';
import { startTabServer, type TabServer } from './support/server.ts';

let s: TabServer;
let sync: InTestSyncService;
let token: string;
const NOW = new Date('2026-11-21T12:00:00.000Z');

beforeAll(async () => {
  const f = fixtures();
  sync = f.sync;
  // Runs over the last days, in London time: two today, one failed yesterday, one too old.
  sync.runs = [
    { id: 'r1', teamId: 'team-a', kind: 'incremental', state: 'succeeded', startedAt: '2026-11-21T09:00:00.000Z', finishedAt: '2026-11-21T09:00:05.000Z', counts: {}, error: null },
    { id: 'r2', teamId: 'team-a', kind: 'incremental', state: 'partial', startedAt: '2026-11-21T08:50:00.000Z', finishedAt: '2026-11-21T08:50:05.000Z', counts: {}, error: null },
    { id: 'r3', teamId: 'team-a', kind: 'incremental', state: 'failed', startedAt: '2026-11-20T23:59:00.000Z', finishedAt: '2026-11-20T23:59:30.000Z', counts: {}, error: 'Graph 503' },
    { id: 'r4', teamId: 'team-a', kind: 'incremental', state: 'running', startedAt: '2026-11-21T11:59:00.000Z', finishedAt: null, counts: {}, error: null },
    { id: 'r5', teamId: 'team-a', kind: 'incremental', state: 'succeeded', startedAt: '2026-11-10T09:00:00.000Z', finishedAt: '2026-11-10T09:00:05.000Z', counts: {}, error: null },
  ];
  s = await startTabServer({ ...f, now: () => NOW });
  token = await s.issuer.token({ oid: 'manager-1' });
});
afterAll(async () => {
  await s?.close();
});

describe('tab API: sync status', () => {
  it('reports health, counts and a 7-day outcome chart in the team’s zone', async () => {
    const res = await s.call('GET', '/api/tab/status', token);
    expect(res.status).toBe(200);
    const body = statusResponseSchema.parse(res.json);
    const team = body.teams[0]!;
    expect(team).toMatchObject({
      teamId: 'team-a', teamName: 'Contoso Bakery', timeZone: 'Europe/London', health: 'degraded',
      healthReason: '2 entities failed to sync', openFailures: 2, rejectedLast24h: 1, entitiesSynced: { shift: 40, timeOff: 3 },
    });
    expect(team.outcomes7d.map((d) => d.day)).toEqual([
      '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21',
    ]);
    expect(team.outcomes7d.at(-1)).toEqual({ day: '2026-11-21', succeeded: 1, partial: 1, failed: 0 });
    expect(team.outcomes7d.at(-2)).toEqual({ day: '2026-11-20', succeeded: 0, partial: 0, failed: 1 });
  });

  it('queues a sync of a managed team and lets the tab follow the run', async () => {
    const res = await s.call('POST', '/api/tab/teams/team-a/sync', token);
    expect(res.status).toBe(202);
    const { runId } = res.json as { runId: string };
    expect(sync.calls).toContain('syncNow:team-a');
    const run = await s.call('GET', `/api/tab/runs/${runId}`, token);
    expect(run.status).toBe(200);
    expect(run.json).toMatchObject({ id: runId, teamId: 'team-a', kind: 'manual', state: 'queued' });
  });

  it('answers 404 for an unknown run', async () => {
    const res = await s.call('GET', '/api/tab/runs/nope', token);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: 'not_found', message: 'No such sync run.' } });
  });
});

describe('tab API: failed entities', () => {
  it('filters by entity type and error code and defaults to open failures', async () => {
    const byType = failuresResponseSchema.parse((await s.call('GET', '/api/tab/failures?entityType=timeOff', token)).json);
    expect(byType.failures.map((f) => f.id)).toEqual(['f2']);
    const byCode = failuresResponseSchema.parse((await s.call('GET', '/api/tab/failures?errorCode=GRAPH_503', token)).json);
    expect(byCode.failures.map((f) => f.id)).toEqual(['f1']);
    expect(sync.calls.at(-1)).toContain('"state":["open","retrying"]');
  });

  it('rejects unknown filters and states with 400 validation_failed', async () => {
    const res = await s.call('GET', '/api/tab/failures?colour=red', token);
    expect(res.status).toBe(400);
    expect((res.json as { error: { code: string } }).error.code).toBe('validation_failed');
    const bad = await s.call('GET', '/api/tab/failures?state=lost', token);
    expect(bad.status).toBe(400);
  });

  it('shows a failure with its error history', async () => {
    const res = await s.call('GET', '/api/tab/failures/f2', token);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ failure: { id: 'f2', history: [{ errorCode: 'GRAPH_503' }] } });
  });

  it('retries one failure and answers its new state', async () => {
    const res = await s.call('POST', '/api/tab/failures/f1/retry', token);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ failure: { id: 'f1', state: 'resolved' } });
    const open = failuresResponseSchema.parse((await s.call('GET', '/api/tab/failures', token)).json);
    expect(open.failures.map((f) => f.id)).toEqual(['f2']);
  });

  it('retries all open failures of a team and reports what is still failing', async () => {
    sync.stillFailing.add('f2');
    const res = await s.call('POST', '/api/tab/teams/team-a/retry-all', token);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ retried: 1, resolved: 0, stillFailing: 1 });
    const f2 = await s.call('GET', '/api/tab/failures/f2', token);
    expect((f2.json as { failure: { history: unknown[] } }).failure.history).toHaveLength(2);
  });
});

describe('tab API: rejected changes and time-off reasons', () => {
  it('lists rejected changes of managed teams with rule, message and who tried', async () => {
    const res = await s.call('GET', '/api/tab/rejected?teamId=team-a', token);
    expect(res.json).toEqual({
      changes: [
        expect.objectContaining({
          teamId: 'team-a', entityType: 'shift', operation: 'create', ruleCode: 'MAX_WEEKLY_HOURS',
          message: 'This would put Avery over 48 hours this week.', actorUserId: 'manager-1', actorName: 'Test Manager',
        }),
      ],
    });
  });

  it('lists the team’s members sorted by name', async () => {
    const res = await s.call('GET', '/api/tab/teams/team-a/members', token);
    expect(res.json).toEqual({
      members: [
        { employeeId: 'e1', displayName: 'Avery Baker' },
        { employeeId: 'e2', displayName: 'Ben Seasonal' },
      ],
    });
  });

  it('gives eligible reasons and, for the others, the rule code and message', async () => {
    const res = await s.call('GET', '/api/tab/teams/team-a/members/e2/time-off-reasons', token);
    const body = reasonsResponseSchema.parse(res.json);
    expect(body.eligible.map((r) => r.name)).toEqual(['Sick']);
    expect(body.ineligible).toEqual([
      {
        reason: { id: 'r-vac', name: 'Vacation', iconType: 'plane', paid: true },
        code: 'REASON_NOT_ELIGIBLE',
        message: 'Vacation is available after 90 days of employment.',
      },
    ]);
  });

  it('answers 404 for someone who is not in the team', async () => {
    const res = await s.call('GET', '/api/tab/teams/team-a/members/e3/time-off-reasons', token);
    expect(res.status).toBe(404);
    expect((res.json as { error: { code: string } }).error.code).toBe('not_found');
  });
});
