import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGraphClient, type Clock, type TokenProvider } from '../../connector/graph/index.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}
type Handler = (req: Seen) => { status: number; headers?: Record<string, string>; body?: unknown };

/** A loopback HTTP server standing in for Graph, answering from a script. */
let server: Server;
let base = '';
let seen: Seen[] = [];
let handler: Handler = () => ({ status: 200, body: {} });
beforeAll(async () => {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body: data ? JSON.parse(data) : undefined };
      seen.push(s);
      const out = handler(s);
      res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
      res.end(out.body === undefined ? '' : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  seen = [];
  handler = () => ({ status: 200, body: {} });
});

/** Sleeps are recorded and return at once; time advances by what was slept. */
function recordingClock(): Clock & { slept: number[] } {
  let t = 1_000_000;
  const slept: number[] = [];
  return { slept, now: () => t, sleep: async (ms) => void (ms > 0 && (slept.push(ms), (t += ms))) };
}

function tokens(): TokenProvider & { forced: number } {
  const p = { forced: 0, n: 0, async getToken(force = false) { if (force) p.forced++; p.n++; return `token-${p.n}`; } };
  return p;
}

const client = (clock = recordingClock(), tp = tokens(), actsAs: Record<string, string> = {}) =>
  createGraphClient({ baseUrl: base, tokens: tp, passthrough: 'WFI_ours', actsAs: (t) => actsAs[t], clock, random: () => 0.5, limits: { perTeam: 1000, tenantWrites: 1000, tenantDeletes: 1000, tenantReads: 1000 } });

describe('Graph client', () => {
  it('sends the Shifts headers: passthrough on writes only, acts-as only when configured, the enum opt-in always', async () => {
    const g = client(undefined, undefined, { 'team-with-owner': 'owner-1' });
    await g.request({ method: 'GET', path: '/teams/team-a/schedule', teamId: 'team-a' });
    await g.request({ method: 'POST', path: '/teams/team-a/schedule/shifts', teamId: 'team-a', body: { a: 1 } });
    await g.request({ method: 'PUT', path: '/teams/team-with-owner/schedule/shifts/S1', teamId: 'team-with-owner', body: { a: 1 } });
    const [get, post, put] = seen;
    expect(get!.url).toBe('/v1.0/teams/team-a/schedule');
    expect(get!.headers['x-ms-wfmpassthrough']).toBeUndefined();
    expect(get!.headers.prefer).toBe('include-unknown-enum-members');
    expect(get!.headers.authorization).toMatch(/^Bearer token-/);
    expect(post!.headers['x-ms-wfmpassthrough']).toBe('WFI_ours');
    expect(post!.headers['ms-app-acts-as']).toBeUndefined();
    expect(post!.body).toEqual({ a: 1 });
    expect(put!.headers['ms-app-acts-as']).toBe('owner-1');
    expect(put!.headers['x-ms-wfmpassthrough']).toBe('WFI_ours');
  });

  it('waits exactly a fractional Retry-After on 429 and then succeeds', async () => {
    const clock = recordingClock();
    let n = 0;
    handler = () => (n++ === 0 ? { status: 429, headers: { 'retry-after': '2.128' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } } : { status: 201, body: { id: 'SHFT_1' } });
    const g = client(clock);
    const r = await g.request({ method: 'POST', path: '/teams/t/schedule/shifts', teamId: 't', body: {} });
    expect(r.ok && r.value.body).toEqual({ id: 'SHFT_1' });
    expect(clock.slept.filter((ms) => ms > 5)).toEqual([2128]);
    expect(g.stats.throttled).toBe(1);
  });

  it('counts requests, 429s, retries and throttle waits per team as well as per tenant, batch items included', async () => {
    const clock = recordingClock();
    let direct = 0;
    let batches = 0;
    handler = (req) => {
      if (req.url.endsWith('/$batch')) {
        // First round: team-b's item is throttled for 3 s; the retry round succeeds.
        const items = (req.body as { requests: Array<{ id: string; url: string }> }).requests;
        const first = batches++ === 0;
        return {
          status: 200,
          body: {
            responses: items.map((it) =>
              first && it.url.includes('team-b') ? { id: it.id, status: 429, headers: { 'Retry-After': '3' }, body: {} } : { id: it.id, status: 200, body: {} },
            ),
          },
        };
      }
      return direct++ === 0 ? { status: 429, headers: { 'retry-after': '2' }, body: {} } : { status: 200, body: {} };
    };
    const g = client(clock);
    await g.request({ method: 'PUT', path: '/teams/team-a/schedule/shifts/S1', teamId: 'team-a', body: {} });
    await g.batch([
      { method: 'DELETE', path: '/teams/team-a/schedule/shifts/S2', teamId: 'team-a' },
      { method: 'DELETE', path: '/teams/team-b/schedule/shifts/S3', teamId: 'team-b' },
    ]);
    const a = g.teamStats().get('team-a')!;
    const b = g.teamStats().get('team-b')!;
    expect(a).toMatchObject({ requests: 3, writes: 2, deletes: 1, throttled: 1, retries: 1 });
    expect(b).toMatchObject({ requests: 2, deletes: 2, throttled: 1, retries: 1 });
    expect(g.stats).toMatchObject({ throttled: 2, retries: 2, writes: 2, deletes: 3 });
    // Retry-After waits, plus a few ms of the client's own pacing (the fake clock only moves when slept).
    const near = (ms: number, want: number) => expect(ms >= want && ms < want + 50).toBe(true);
    near(a.throttleWaitMs, 2000);
    near(b.throttleWaitMs, 3000);
    near(g.stats.throttleWaitMs, 5000);
    expect([...g.teamStats().keys()].sort()).toEqual(['team-a', 'team-b']);
  });

  it('gets a fresh token once after a 401', async () => {
    const tp = tokens();
    let n = 0;
    handler = () => (n++ === 0 ? { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'expired' } } } : { status: 200, body: {} });
    const r = await client(undefined, tp).request({ method: 'GET', path: '/teams/t/schedule', teamId: 't' });
    expect(r.ok).toBe(true);
    expect(tp.forced).toBe(1);
  });

  it('does not retry a permanent 4xx and reports Graph\'s code', async () => {
    handler = () => ({ status: 404, body: { error: { code: 'NotFound', message: 'no such shift' } } });
    const r = await client().request({ method: 'PUT', path: '/teams/t/schedule/shifts/x', teamId: 't', body: {} });
    expect(r).toEqual({ ok: false, error: { code: 'NotFound', status: 404, message: 'no such shift', attempts: 1, transient: false } });
    expect(seen).toHaveLength(1);
  });

  it('retries only the throttled items of a $batch, after their Retry-After', async () => {
    const clock = recordingClock();
    let round = 0;
    handler = (req) => {
      const items = (req.body as { requests: Array<{ id: string; headers: Record<string, string> }> }).requests;
      round++;
      return {
        status: 200,
        body: {
          responses: items.map((i) =>
            round === 1 && i.id === '1'
              ? { id: i.id, status: 429, headers: { 'Retry-After': '0.75' }, body: { error: { code: 'TooManyRequests', message: 'x' } } }
              : { id: i.id, status: 201, body: { id: `S${i.id}` } },
          ),
        },
      };
    };
    const g = client(clock);
    const results = await g.batch([0, 1, 2].map((i) => ({ method: 'POST' as const, path: `/teams/t/schedule/shifts`, teamId: 't', body: { i } })));
    expect(results.map((r) => r.ok && r.value.body)).toEqual([{ id: 'S0' }, { id: 'S1' }, { id: 'S2' }]);
    expect(seen).toHaveLength(2);
    expect((seen[0]!.body as { requests: unknown[] }).requests).toHaveLength(3);
    const retried = (seen[1]!.body as { requests: Array<{ id: string; headers: Record<string, string> }> }).requests;
    expect(retried.map((r) => r.id)).toEqual(['1']);
    expect(retried[0]!.headers['X-MS-WFMPassthrough']).toBe('WFI_ours');
    expect(clock.slept.filter((ms) => ms > 5)).toEqual([750]); // the rest is 1 ms pacing at 1000 rps
  });

  it('slows a team down when Graph reports its budget nearly spent, and speeds up again', async () => {
    const g = createGraphClient({ baseUrl: base, tokens: tokens(), passthrough: 'WFI_ours', clock: recordingClock() });
    handler = () => ({ status: 200, headers: { 'x-ratelimit-limit': '4', 'x-ratelimit-remaining': '0' }, body: {} });
    await g.request({ method: 'GET', path: '/teams/t/schedule', teamId: 't' });
    expect(g.limiter.teamRate('t')).toBe(1);
    handler = () => ({ status: 200, headers: { 'x-ratelimit-limit': '4', 'x-ratelimit-remaining': '3' }, body: {} });
    await g.request({ method: 'GET', path: '/teams/t/schedule', teamId: 't' });
    expect(g.limiter.teamRate('t')).toBe(4);
  });

  it('follows @odata.nextLink to the end', async () => {
    handler = (req) =>
      req.url.includes('skiptoken')
        ? { status: 200, body: { value: [{ id: 'b' }] } }
        : { status: 200, body: { value: [{ id: 'a' }], '@odata.nextLink': `${base}/v1.0/teams/t/schedule/shifts?$skiptoken=abc` } };
    const r = await client().listAll<{ id: string }>({ method: 'GET', path: '/teams/t/schedule/shifts', teamId: 't' });
    expect(r.ok && r.value.map((x) => x.id)).toEqual(['a', 'b']);
    expect(seen[1]!.url).toBe('/v1.0/teams/t/schedule/shifts?$skiptoken=abc');
    expect(seen[1]!.headers.prefer).toBe('include-unknown-enum-members');
  });

  it('opens the circuit after repeated server failures and stops calling Graph', async () => {
    handler = () => ({ status: 503, body: { error: { code: 'ServiceUnavailable', message: 'down' } } });
    const g = client();
    const first = await g.request({ method: 'GET', path: '/teams/t/schedule', teamId: 't' });
    expect(first.ok).toBe(false);
    expect(g.breakerState().name).toBe('open');
    const calls = seen.length;
    const second = await g.request({ method: 'GET', path: '/teams/t/schedule', teamId: 't' });
    expect(second.ok ? null : second.error.code).toBe('circuit_open');
    expect(seen.length).toBe(calls);
  });
});
