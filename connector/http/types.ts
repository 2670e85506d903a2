import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { Request, Response } from 'restify';
import type { ZodType } from 'zod';

/** A transport-neutral request, as handlers see it. */
export interface HttpRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  requestId: string;
  log: Logger;
  /** Reads the raw body, at most the route's `bodyLimit` bytes (413 beyond it). */
  body(): Promise<Buffer>;
  /** Reads and validates a JSON body (400 with the schema's complaint when invalid). */
  json<T>(schema: ZodType<T>): Promise<T>;
  /** The remote address, for per-client limits. */
  ip: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `body` is given. */
  json?: unknown;
  body?: string | Buffer;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One endpoint: handlers are plain functions; restify is only the adapter that calls them. */
export interface Route {
  method: HttpMethod;
  /** restify path pattern, e.g. `/wfi/v1/teams/:teamId/update`. */
  path: string;
  /** Largest body accepted, in bytes (default 1 MiB). */
  bodyLimit?: number;
  /**
   * Answer only connections from this machine (403 otherwise), whatever address the server
   * listens on: local-mode sign-in and the open WFM admin API.
   */
  loopbackOnly?: boolean;
  handler: (req: HttpRequest) => Promise<HttpResponse>;
}

/** An endpoint that needs the framework's own request and response (Bot Framework adapter). */
export interface RawRoute {
  method: HttpMethod;
  path: string;
  raw: (req: Request, res: Response) => Promise<void>;
}

export type AnyRoute = Route | RawRoute;
