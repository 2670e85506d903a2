import { Writable } from 'node:stream';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../connector/errors.ts';
import { createHttpServer, type HttpServer } from '../../connector/http/server.ts';
import { createLogger } from '../../connector/observability/log.ts';
import { createMetrics } from '../../connector/observability/metrics.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('the running app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness with the store and the job engine up', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: true, jobs: true } });
  });

  it('reports not ready, naming the failing dependency, once the job engine stops', async () => {
    const other = await startTestApp();
    try {
      await other.app.jobs.stop();
      const res = await fetch(`${other.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ checks: { store: true, jobs: false } });
    } finally {
      await other.close();
    }
  });

  it('exposes request counts and latency per route pattern, and queue depth, as Prometheus text', async () => {
    await fetch(`${t.url}/healthz`);
    await t.app.jobs.boss.createQueue('metrics-probe');
    await t.app.jobs.boss.send('metrics-probe', { n: 1 });
    const res = await fetch(`${t.url}/metrics`);
    const text = await res.text();
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/healthz"\} \d+/);
    expect(text).toMatch(/job_queue_depth\{queue="metrics-probe"\} 1/);
  });

  it('answers unknown routes with the one error shape and echoes a request id', async () => {
    const res = await fetch(`${t.url}/nowhere`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /nowhere' } });
  });
});

describe('the HTTP adapter', () => {
  let server: HttpServer;
  let url: string;
  const logged: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logged.push(String(chunk));
        cb();
      },
    });
    const log = createLogger({ level: 'info', destination: sink });
    server = createHttpServer(
      [
        {
          method: 'POST',
          path: '/echo',
          bodyLimit: 1024,
          handler: async (req) => ({ status: 200, json: { bytes: (await req.body()).length } }),
        },
        {
          method: 'POST',
          path: '/typed',
          handler: async (req) => ({ status: 201, json: await req.json(z.object({ name: z.string().min(1) }).strict()) }),
        },
        {
          method: 'GET',
          path: '/forbidden',
          handler: async () => {
            throw new AppError('forbidden', 'You do not manage this team.');
          },
        },
        {
          method: 'GET',
          path: '/crash',
          handler: async (req) => {
            req.log.info({ secret: 'hunter2', authorization: 'Bearer abc' }, 'about to fail');
            throw new Error('database password is hunter2');
          },
        },
      ],
      log,
      createMetrics(),
    );
    ({ url } = await server.listen(0, '127.0.0.1'));
  });
  afterAll(() => server.close());

  it('answers 413 for a declared body over the route limit', async () => {
    const res = await fetch(`${url}/echo`, { method: 'POST', body: Buffer.alloc(2048) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers 413 for a chunked body that grows past the limit without buffering it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/echo`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write(Buffer.alloc(512));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('reads a body within the limit', async () => {
    const res = await fetch(`${url}/echo`, { method: 'POST', body: Buffer.alloc(1000) });
    expect(await res.json()).toEqual({ bytes: 1000 });
  });

  it('validates JSON bodies and names the offending field', async () => {
    const bad = await fetch(`${url}/typed`, { method: 'POST', body: JSON.stringify({ name: '', extra: 1 }) });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toContain('name:');
    const notJson = await fetch(`${url}/typed`, { method: 'POST', body: '{' });
    expect(await notJson.json()).toEqual({ error: { code: 'bad_request', message: 'The request body is not valid JSON.' } });
    const good = await fetch(`${url}/typed`, { method: 'POST', body: JSON.stringify({ name: 'Adele' }) });
    expect(good.status).toBe(201);
  });

  it('maps typed errors to their status and code', async () => {
    const res = await fetch(`${url}/forbidden`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: 'You do not manage this team.' } });
  });

  it('hides unexpected errors from the client and keeps secrets out of the logs', async () => {
    const res = await fetch(`${url}/crash`);
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('hunter2');
    await new Promise((r) => setTimeout(r, 50));
    const joined = logged.join('');
    expect(joined).toContain('about to fail');
    expect(joined).toContain('[redacted]');
    expect(joined).not.toContain('Bearer abc');
  });
});
