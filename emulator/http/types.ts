import type { IncomingHttpHeaders } from 'node:http';

/** A request as the emulator's handlers see it (also used for `$batch` items). */
export interface EmuRequest {
  method: string;
  /** Path without query string, e.g. `/v1.0/teams/T1/schedule`. */
  path: string;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Parsed JSON body, `undefined` when there is none. */
  body: unknown;
  /** Raw body text (form posts to the token endpoint). */
  rawBody: string;
  /** Base URL clients reached us at, e.g. `http://127.0.0.1:3979` (for nextLink and issuer). */
  baseUrl: string;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** Raw text body (HTML page, form responses); wins over `json`. */
  text?: string;
  contentType?: string;
}

/** A Graph-style error: answered as `{ error: { code, message } }` with `status`. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export function graphErrorResponse(e: GraphError, requestId: string): EmuResponse {
  return {
    status: e.status,
    headers: { ...e.headers, 'request-id': requestId, 'client-request-id': requestId },
    json: {
      error: {
        code: e.code,
        message: e.message,
        innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': requestId },
      },
    },
  };
}

export const badRequest = (message: string, code = 'BadRequest') => new GraphError(400, code, message);
export const notFound = (message: string) => new GraphError(404, 'NotFound', message);

/** Lower-cases header names and joins repeated values, as `EmuRequest.headers` promises. */
export function normalizeHeaders(headers: IncomingHttpHeaders | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}
