import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Request, Response } from 'restify';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { AppError, errorBody } from '../errors.ts';
import { isLoopback } from './loopback.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { AnyRoute, HttpRequest, HttpResponse, Route } from './types.ts';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface HttpServer {
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  /** Stops accepting, lets in-flight requests finish (up to `timeoutMs`), then drops the rest. */
  close(timeoutMs?: number): Promise<void>;
  readonly restify: restify.Server;
}

/**
 * The restify adapter: registers transport-neutral routes, assigns a request id, maps
 * `AppError`s to the one error shape, and records metrics per route pattern.
 */
export function createHttpServer(routes: readonly AnyRoute[], log: Logger, metrics: Metrics): HttpServer {
  const server = restify.createServer({ name: 'shifts-connector', handleUncaughtExceptions: false });
  let inFlight = 0;

  server.pre((req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    (req as Request & { requestId: string }).requestId = id;
    (req as Request & { startedAt: bigint }).startedAt = process.hrtime.bigint();
    res.setHeader('x-request-id', id);
    // On every answer, errors included: no MIME sniffing, no referrer leaving with our URLs,
    // and nothing to run or frame unless a route (the tab's pages) sets its own policy.
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    inFlight++;
    res.once('close', () => {
      inFlight--;
      const route = (req.getRoute?.() as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - (req as Request & { startedAt: bigint }).startedAt) / 1e9;
      metrics.httpRequests.inc({ method: req.method ?? 'GET', route: String(route), status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method ?? 'GET', route: String(route) }, seconds);
      log.info(
        { reqId: id, method: req.method, route: String(route), status: res.statusCode, ms: Math.round(seconds * 1000) },
        'request',
      );
    });
    return next();
  });

  for (const route of routes) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'del';
    const register = (method === ('delete' as string) ? server.del : server[method]).bind(server);
    if ('raw' in route) {
      register(route.path, async (req: Request, res: Response) => {
        try {
          await route.raw(req, res);
        } catch (err) {
          sendError(req, res, err, log);
        }
      });
      continue;
    }
    register(route.path, async (req: Request, res: Response) => {
      try {
        if (route.loopbackOnly && !isLoopback(req.socket.remoteAddress ?? '')) {
          throw new AppError('forbidden', 'This endpoint answers only on the machine it runs on (local mode).');
        }
        const out = await route.handler(toHttpRequest(req, route, log));
        send(res, out);
      } catch (err) {
        sendError(req, res, err, log);
      }
    });
  }

  server.on('NotFound', (req: Request, res: Response) => {
    send(res, { status: 404, json: errorBody('not_found', `No route for ${req.method} ${req.getPath()}`) });
  });
  server.on('MethodNotAllowed', (req: Request, res: Response) => {
    send(res, { status: 405, json: errorBody('method_not_allowed', `${req.method} is not allowed on ${req.getPath()}`) });
  });

  return {
    restify: server,
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          server.server.off('error', reject);
          const addr = server.address() as AddressInfo;
          resolve({ port: addr.port, url: `http://127.0.0.1:${addr.port}` });
        });
      });
    },
    async close(timeoutMs = 8000) {
      if (!server.server.listening) return;
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeIdleConnections();
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      server.server.closeAllConnections();
      await closed;
    },
  };
}

function toHttpRequest(req: Request, route: Route, log: Logger): HttpRequest {
  const requestId = (req as Request & { requestId: string }).requestId;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const limit = route.bodyLimit ?? DEFAULT_BODY_LIMIT;
  let bodyPromise: Promise<Buffer> | undefined;
  const body = () => (bodyPromise ??= readBody(req, limit));
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    params: { ...(req.params as Record<string, string>) },
    query: url.searchParams,
    headers: req.headers,
    requestId,
    log: log.child({ reqId: requestId }),
    ip: req.socket.remoteAddress ?? '',
    body,
    async json(schema) {
      const raw = await body();
      let parsed: unknown;
      try {
        parsed = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AppError('bad_request', 'The request body is not valid JSON.');
      }
      return schema.parse(parsed);
    },
  };
}

/**
 * Reads a body up to `limit` bytes. A declared or actual size over the limit answers 413
 * without buffering the rest.
 */
export function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new AppError('payload_too_large', `The request body is larger than ${limit} bytes.`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        reject(new AppError('payload_too_large', `The request body is larger than ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function send(res: Response, out: HttpResponse): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = { ...out.headers };
  let payload: string | Buffer;
  if (out.body !== undefined) {
    payload = out.body;
  } else if (out.json !== undefined) {
    payload = JSON.stringify(out.json);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  } else {
    payload = '';
  }
  // 204 and 304 carry no body; a 304 must not announce a length other than the 200's (RFC 9110).
  if (out.status === 204 || out.status === 304) {
    res.writeHead(out.status, headers);
    res.end();
    return;
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

function sendError(req: Request, res: Response, err: unknown, log: Logger): void {
  const reqId = (req as Request & { requestId?: string }).requestId;
  if (err instanceof AppError) {
    if (err.status === 413) res.setHeader('connection', 'close');
    send(res, { status: err.status, json: errorBody(err.code, err.message, err.details) });
    return;
  }
  if (err instanceof ZodError) {
    const message = err.issues
      .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
      .join('; ');
    send(res, { status: 400, json: errorBody('validation_failed', message) });
    return;
  }
  log.error({ reqId, err }, 'unhandled error in request handler');
  send(res, { status: 500, json: errorBody('internal', 'Something went wrong on our side; it has been logged.') });
}
