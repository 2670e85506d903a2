import type { ZodType, ZodTypeDef } from 'zod';
import { apiErrorSchema } from '../../api/contracts/common.ts';

/** A failed call to the tab API, with the server's stable error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Schema<T> = ZodType<T, ZodTypeDef, unknown>;

/** Typed access to `/api/tab/*`: every answer is checked against the endpoint's contract. */
export interface ApiClient {
  get<T>(path: string, schema: Schema<T>, query?: Record<string, string | undefined>): Promise<T>;
  post<T>(path: string, schema: Schema<T>, body?: unknown): Promise<T>;
}

export interface ApiClientOptions {
  /** '' in the browser (same origin); tests point it at a loopback server. */
  baseUrl?: string;
  /** The bearer token; omitted for endpoints that need none. */
  getToken?: () => Promise<string>;
}

export function createApiClient({ baseUrl = '', getToken }: ApiClientOptions): ApiClient {
  const call = async <T>(method: 'GET' | 'POST', path: string, schema: Schema<T>, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    // Without a token (local mode before sign-in) the request goes out anonymously: public
    // endpoints answer, protected ones say 401 in the one error shape.
    const token = getToken ? await getToken().catch(() => undefined) : undefined;
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(baseUrl + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch {
      throw new ApiError(0, 'network', 'The connector could not be reached. Check your connection and try again.');
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError(res.status, 'bad_response', `The connector answered ${res.status} with something that is not JSON.`);
    }
    if (!res.ok) {
      const parsed = apiErrorSchema.safeParse(json);
      if (parsed.success) throw new ApiError(res.status, parsed.data.error.code, parsed.data.error.message);
      throw new ApiError(res.status, 'http_error', `The connector answered ${res.status}.`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ApiError(res.status, 'bad_response', 'The connector answered in an unexpected shape.');
    return parsed.data;
  };
  return {
    get(path, schema, query) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') qs.set(k, v);
      const suffix = qs.size > 0 ? `?${qs.toString()}` : '';
      return call('GET', path + suffix, schema);
    },
    post: (path, schema, body) => call('POST', path, schema, body),
  };
}
