/**
 * The WFM admin surface on the real app: `/wfm-admin/` in local mode and behind an admin
 * key, and the `npm run wfm` CLI talking to it over loopback HTTP.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTeamMappings, listUserMappings } from '../../connector/mappings/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createHttpWfmAdapter } from '../../connector/wfm/http/adapter.ts';
import { at, silentLog } from './support/harness.ts';

const run = promisify(execFile);

/** The admin API's answers, loosely: each test reads the fields its endpoint returns. */
interface AdminBody {
  id: string;
  op: string;
  version: string;
  items: Array<{ id: string; timeZone: string; start: string; end: string; rules: Record<string, unknown>; activities: Array<{ start: string }> }>;
  changes: Array<{ id: string; op: string; origin: string }>;
  warnings?: Array<{ code: string; field: string; message: string }>;
  error: { code: string; message: string; kind: string };
}
const NY = 'America/New_York';

async function cli(url: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('node_modules/.bin/tsx', ['scripts/wfm-cli.ts', '--url', url, ...args], { timeout: 30_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('WFM admin API and CLI (local mode)', () => {
  let t: TestApp;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.url}/wfm-admin${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as AdminBody };
  };
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('seeds the demo WFM and the local-mode mappings on first start', async () => {
    const teams = await call('GET', '/teams');
    expect(teams.status).toBe(200);
    expect(teams.body.items.map((x: { id: string; timeZone: string }) => [x.id, x.timeZone])).toEqual([
      ['store-bkn', 'America/New_York'],
      ['store-cmd', 'Europe/London'],
    ]);
    expect(teams.body.items[0]!.rules).toMatchObject({ minRestHours: 8, maxWeeklyHours: 40, lockPastDays: true });
    expect((await listTeamMappings(t.app.store)).map((m) => m.wfmTeamId).sort()).toEqual(['store-bkn', 'store-cmd']);
    expect(await listUserMappings(t.app.store)).toHaveLength(12);
  });

  it('moves a start in the spring-forward gap forward and says so in a warning field', async () => {
    // 14 Mar 2027: New York's clocks go from 02:00 to 03:00, so 02:30 does not exist.
    const added = await call('POST', '/teams/store-bkn/shifts', { employeeId: 'E1006', start: '2027-03-14 02:30', end: '2027-03-14 08:00' });
    expect(added.status).toBe(201);
    const list = await call('GET', '/teams/store-bkn/shifts?start=2027-03-14%2000:00&end=2027-03-14%2023:59');
    expect(list.body.items.find((x) => x.id === added.body.id)?.start).toBe('2027-03-14T07:30:00.000Z'); // 03:30 EDT
    expect(added.body.warnings).toEqual([
      {
        code: 'LOCAL_TIME_IN_GAP',
        field: 'start',
        message: 'start: 2027-03-14 02:30 does not exist in America/New_York (clocks go forward 60 minutes); used 2027-03-14 03:30.',
      },
    ]);
    const plain = await call('PATCH', `/teams/store-bkn/shifts/${added.body.id}`, { end: '2027-03-14 09:00' });
    expect(plain.status).toBe(200);
    expect(plain.body.warnings).toBeUndefined();
    expect((await call('DELETE', `/teams/store-bkn/shifts/${added.body.id}`)).status).toBeLessThan(300);
  });

  it('adds, moves and deletes a shift in team time, and rejects a rule break with its code', async () => {
    const now = new Date();
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: NY }).format(new Date(at(now, NY, 1, 1, '12:00')));
    const added = await call('POST', '/teams/store-bkn/shifts', { employeeId: 'E1006', start: `${localDay} 07:00`, end: `${localDay} 13:00`, breakMinutes: 15 });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ entityType: 'shift', op: 'created', version: '1' });
    const clash = await call('POST', '/teams/store-bkn/shifts', { employeeId: 'E1006', start: `${localDay} 12:00`, end: `${localDay} 14:00` });
    expect(clash.status).toBe(400);
    expect(clash.body.error).toMatchObject({ code: 'OVERLAP', kind: 'rule_violation' });
    const moved = await call('PATCH', `/teams/store-bkn/shifts/${added.body.id}`, { start: `${localDay} 08:00` });
    expect(moved.body).toMatchObject({ op: 'updated', version: '2' });
    const list = await call('GET', `/teams/store-bkn/shifts?start=${localDay}%2000:00&end=${localDay}%2023:59`);
    const mine = list.body.items.find((s: { id: string }) => s.id === added.body.id)!;
    expect(mine.start).toBe(at(now, NY, 1, 1, '08:00'));
    expect(mine.end).toBe(at(now, NY, 1, 1, '14:00'));
    expect(mine.activities[0]!.start).toBe(at(now, NY, 1, 1, '10:45'));
    const stale = await call('DELETE', `/teams/store-bkn/shifts/${added.body.id}?expectedVersion=1`);
    expect([stale.status, stale.body.error.code]).toEqual([409, 'STALE_VERSION']);
    const deleted = await call('DELETE', `/teams/store-bkn/shifts/${added.body.id}`);
    expect(deleted.body.op).toBe('deleted');
    const feed = await call('GET', '/changes?cursor=0&limit=1000');
    const ours = feed.body.changes.filter((c: { id: string }) => c.id === added.body.id);
    expect(ours.map((c: { op: string; origin: string }) => [c.op, c.origin])).toEqual([
      ['created', 'wfm'],
      ['updated', 'wfm'],
      ['deleted', 'wfm'],
    ]);
  });

  it('validates rule overrides and input times with clear errors', async () => {
    const bad = await call('PUT', '/teams/store-bkn/rules', { minRestHours: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const unknown = await call('PUT', '/teams/store-bkn/rules', { coffeeBreaks: 3 });
    expect(unknown.status).toBe(400);
    const time = await call('POST', '/teams/store-bkn/shifts', { employeeId: 'E1006', start: 'next tuesday', end: 'later' });
    expect(time.status).toBe(400);
    expect(time.body.error.message).toContain('start:');
    const team = await call('PUT', '/teams/nowhere/rules', { minRestHours: 10 });
    expect([team.status, team.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('lets a person act as the WFM from the CLI, with readable errors', async () => {
    const reasons = await cli(t.url, 'reason', 'list');
    expect(reasons.code).toBe(0);
    expect(reasons.stdout).toContain('R-VAC  Vacation  paid  for full_time/part_time, after 90 days; allowance full_time 80 h, part_time 40 h');

    const pending = await cli(t.url, 'request', 'list', '--team', 'store-bkn', '--state', 'pending');
    expect(pending.stdout).toContain('RQ-Q1  timeOff  pending (waiting for manager)  E1001');
    const approved = await cli(t.url, 'request', 'approve', 'RQ-Q1', '--team', 'store-bkn', '--message', 'Have fun');
    expect([approved.code, approved.stdout.trim()]).toEqual([0, 'Approved request RQ-Q1 (version 2).']);
    const again = await cli(t.url, 'request', 'approve', 'RQ-Q1', '--team', 'store-bkn');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error INVALID_TRANSITION: This request can't be approved: it is already approved\./);

    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: NY }).format(new Date(at(new Date(), NY, 1, 5, '12:00')));
    const tooMuch = await cli(t.url, 'shift', 'add', '--team', 'store-bkn', '--employee', 'E1004', '--start', `${localDay} 10:00`, '--end', `${localDay} 12:00`);
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toContain('error MAX_WEEKLY_HOURS: This would give Samira Haddad 42 hours');

    const usage = await cli(t.url, 'shift', 'add', '--team', 'store-bkn');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('error: --employee is required');

    const down = await cli('http://127.0.0.1:9', 'teams');
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('error unreachable: cannot reach the connector at http://127.0.0.1:9');
  });
});

describe('WFM admin API behind an admin key, and the WFM contract served by the app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { WFM_ADMIN_KEY: 'admin-key-123', WFM_API_KEYS: 'api-1, api-2' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses calls without the key and accepts it as x-admin-key or a bearer token', async () => {
    const none = await fetch(`${t.url}/wfm-admin/teams`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await fetch(`${t.url}/wfm-admin/teams`, { headers: { 'x-admin-key': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${t.url}/wfm-admin/teams`, { headers: { 'x-admin-key': 'admin-key-123' } })).status).toBe(200);
    expect((await fetch(`${t.url}/wfm-admin/reasons`, { headers: { authorization: 'Bearer admin-key-123' } })).status).toBe(200);
    const r = await cli(t.url, '--key', 'admin-key-123', 'teams');
    expect(r.stdout).toContain('store-bkn  Contoso Market Brooklyn  America/New_York');
  });

  it('serves the WFM HTTP contract over the embedded WFM to the HTTP adapter (WFM_API_KEYS)', async () => {
    const adapter = createHttpWfmAdapter({ baseUrl: `${t.url}/wfm-api/v1`, auth: { kind: 'apiKey', apiKey: 'api-2' }, log: silentLog });
    const teams = await adapter.listTeams();
    expect(teams.ok && teams.value.map((x) => x.id)).toEqual(['store-bkn', 'store-cmd']);
    expect((await fetch(`${t.url}/wfm-api/v1/teams`)).status).toBe(401);
  });
});
