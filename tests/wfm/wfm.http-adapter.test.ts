/**
 * The HTTP adapter's transport behaviour against real loopback servers: retries honouring
 * Retry-After, timeouts, idempotent retried writes, typed errors passed through, and both
 * auth schemes (API key, OAuth2 client credentials against the WFM API server).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../connector/http/server.ts';
import { createMetrics } from '../../connector/observability/metrics.ts';
import type { Actor } from '../../connector/wfm/contract.ts';
import { createHttpWfmAdapter } from '../../connector/wfm/http/adapter.ts';
import type { HttpAuth } from '../../connector/wfm/http/auth.ts';
import { wfmApiRoutes } from '../../connector/wfm/http-server/index.ts';
import { createHarness, silentLog, type Harness } from './support/harness.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A loopback server answering each request with the next scripted handler. */
async function scripted(handlers: Handler[]): Promise<{ url: string; hits: Array<{ path: string; headers: IncomingMessage['headers'] }>; server: Server }> {
  const hits: Array<{ path: string; headers: IncomingMessage['headers'] }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ path: req.url ?? '', headers: req.headers });
      const h = handlers[Math.min(hits.length - 1, handlers.length - 1)]!;
      h(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
};
const TEAMS = { items: [{ id: 't1', name: 'Store', timeZone: 'Europe/London' }] };
const ACTOR: Actor = { employeeId: null, role: 'manager', userId: null };

describe('HTTP adapter transport', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  async function adapterFor(handlers: Handler[], auth: HttpAuth = { kind: 'apiKey', apiKey: 'k1' }, timeoutMs = 2000) {
    const s = await scripted(handlers);
    servers.push(s.server);
    const sleeps: number[] = [];
    const adapter = createHttpWfmAdapter({
      baseUrl: `${s.url}/api`,
      auth,
      log: silentLog,
      timeoutMs,
      retry: { maxAttempts: 3, baseMs: 10, capMs: 5000 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    return { adapter, hits: s.hits, sleeps };
  }

  it('retries 429 after the Retry-After the server asked for, then succeeds', async () => {
    const { adapter, hits, sleeps } = await adapterFor([json(429, {}, { 'retry-after': '2' }), json(429, {}, { 'retry-after': '1' }), json(200, TEAMS)]);
    const r = await adapter.listTeams();
    expect(r).toEqual({ ok: true, value: TEAMS.items });
    expect(sleeps).toEqual([2000, 1000]);
    expect(hits.map((h) => [h.path, h.headers['x-api-key']])).toEqual([
      ['/api/teams', 'k1'],
      ['/api/teams', 'k1'],
      ['/api/teams', 'k1'],
    ]);
  });

  it('gives up after the last attempt on 5xx with Unavailable', async () => {
    const { adapter, hits } = await adapterFor([json(503, { error: { code: 'x', message: 'down' } })]);
    const r = await adapter.listJobs('t1');
    expect(r).toEqual({ ok: false, error: { kind: 'unavailable', code: 'WFM_UNAVAILABLE', message: 'The workforce system is not reachable right now. Try again in a few minutes.' } });
    expect(hits).toHaveLength(3);
  });

  it('turns a server that never answers into a WFM_TIMEOUT', async () => {
    const { adapter, hits } = await adapterFor([() => undefined], { kind: 'apiKey', apiKey: 'k1' }, 150);
    const r = await adapter.listTeams();
    expect(!r.ok && r.error.code).toBe('WFM_TIMEOUT');
    expect(hits).toHaveLength(3);
  });

  it('passes typed WFM errors through without retrying', async () => {
    const error = { kind: 'rule_violation', code: 'OVERLAP', message: 'Ann already works then.', commandIndex: 0 };
    const { adapter, hits } = await adapterFor([json(400, { error })]);
    const r = await adapter.apply('t1', [{ kind: 'shift.delete', id: 's1' }], ACTOR);
    expect(r).toEqual({ ok: false, error });
    expect(hits).toHaveLength(1);
  });

  it('sends the same idempotency key when it retries a write', async () => {
    const { adapter, hits } = await adapterFor([json(502, {}), json(200, { results: [{ entityType: 'shift', id: 's1', version: '3', op: 'deleted' }] })]);
    const r = await adapter.apply('t1', [{ kind: 'shift.delete', id: 's1' }], ACTOR);
    expect(r.ok && r.value[0]!.op).toBe('deleted');
    expect(hits[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(hits[1]!.headers['idempotency-key']).toBe(hits[0]!.headers['idempotency-key']);
  });

  it('reports an answer it cannot read as Unavailable, not as data', async () => {
    const { adapter } = await adapterFor([json(200, { items: [{ id: 1 }] })]);
    const r = await adapter.listTeams();
    expect(!r.ok && r.error.code).toBe('WFM_BAD_RESPONSE');
  });

  it('fetches a new OAuth token once when the WFM says the current one is no longer valid', async () => {
    let issued = 0;
    const token: Handler = (_req, res, body) => {
      expect(new URLSearchParams(body).get('grant_type')).toBe('client_credentials');
      issued++;
      json(200, { access_token: `tok-${issued}`, token_type: 'Bearer', expires_in: 3600 })(_req, res, body);
    };
    const s = await scripted([]);
    servers.push(s.server);
    // Route by path: the token endpoint issues; the API refuses tok-1 and accepts tok-2.
    s.server.removeAllListeners('request');
    s.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        s.hits.push({ path: req.url ?? '', headers: req.headers });
        if (req.url === '/token') return token(req, res, body);
        if (req.headers.authorization === 'Bearer tok-2') return json(200, TEAMS)(req, res, body);
        return json(401, { error: { code: 'unauthorized', message: 'expired' } })(req, res, body);
      });
    });
    const adapter = createHttpWfmAdapter({
      baseUrl: s.url,
      auth: { kind: 'oauth', tokenUrl: `${s.url}/token`, clientId: 'c', clientSecret: 's' },
      log: silentLog,
      sleep: async () => undefined,
    });
    expect(await adapter.listTeams()).toEqual({ ok: true, value: TEAMS.items });
    expect(s.hits.map((h) => h.path)).toEqual(['/token', '/teams', '/token', '/teams']);
    expect(await adapter.listTeams()).toEqual({ ok: true, value: TEAMS.items });
    expect(issued).toBe(2);
  });
});

describe('HTTP adapter against the WFM API server with OAuth2 client credentials', () => {
  let h: Harness;
  let server: HttpServer;
  let base: string;
  beforeAll(async () => {
    h = await createHarness('embedded', new Date('2026-11-18T17:00:00Z'));
    server = createHttpServer(
      wfmApiRoutes(h.backing, { prefix: '/wfm-api/v1', apiKeys: ['api-key-1'], oauthClients: [{ clientId: 'connector', clientSecret: 'right-secret' }] }),
      silentLog,
      createMetrics(),
    );
    base = `${(await server.listen(0, '127.0.0.1')).url}/wfm-api/v1`;
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  const oauth = (clientSecret: string) =>
    createHttpWfmAdapter({ baseUrl: base, auth: { kind: 'oauth', tokenUrl: `${base}/oauth/token`, clientId: 'connector', clientSecret }, log: silentLog });

  it('gets a token and reads the WFM', async () => {
    const r = await oauth('right-secret').listTeams();
    expect(r.ok && r.value.map((t) => t.id)).toEqual(['store-bkn', 'store-cmd']);
  });

  it('reports refused credentials as Unavailable WFM_UNAUTHORIZED', async () => {
    const r = await oauth('wrong-secret').listTeams();
    expect(!r.ok && [r.error.kind, r.error.code]).toEqual(['unavailable', 'WFM_UNAUTHORIZED']);
    const key = await createHttpWfmAdapter({ baseUrl: base, auth: { kind: 'apiKey', apiKey: 'nope' }, log: silentLog }).listTeams();
    expect(!key.ok && key.error.code).toBe('WFM_UNAUTHORIZED');
  });

  it('applies a retried batch once: the server answers a repeated idempotency key from memory', async () => {
    const body = JSON.stringify({
      commands: [{ kind: 'shift.delete', id: 'S-E1001-2026-11-24' }],
      actor: ACTOR,
    });
    const send = () =>
      fetch(`${base}/teams/store-bkn/commands`, { method: 'POST', headers: { 'x-api-key': 'api-key-1', 'content-type': 'application/json', 'idempotency-key': 'k-1' }, body });
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toEqual(await first.json());
    const feed = await h.backing.changesSince(null, 1000);
    expect(feed.ok && feed.value.changes.filter((c) => c.id === 'S-E1001-2026-11-24' && c.op === 'deleted')).toHaveLength(1);
  });

  it('rejects a malformed command with its index in the contract error shape', async () => {
    const res = await fetch(`${base}/teams/store-bkn/commands`, {
      method: 'POST',
      headers: { 'x-api-key': 'api-key-1', 'content-type': 'application/json' },
      body: JSON.stringify({ commands: [{ kind: 'shift.delete', id: 'x' }, { kind: 'shift.teleport' }], actor: ACTOR }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { kind: string; code: string; commandIndex: number } };
    expect(body.error).toMatchObject({ kind: 'rule_violation', code: 'INVALID_INPUT', commandIndex: 1 });
  });
});
