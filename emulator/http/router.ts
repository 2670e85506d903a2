import type { EmuRequest, EmuResponse } from './types.ts';

export type Params = Record<string, string>;
export type Handler<C> = (req: EmuRequest, params: Params, ctx: C) => Promise<EmuResponse> | EmuResponse;

interface Entry<C> {
  method: string;
  segments: string[];
  handler: Handler<C>;
}

/**
 * A tiny path router. Literal segments match case-insensitively because Graph does
 * (the Kronos connector posts to `.../openshiftchangerequests/{id}/approve`); `:name`
 * segments capture, URL-decoded.
 */
export class Router<C> {
  private readonly entries: Entry<C>[] = [];

  add(method: string, pattern: string, handler: Handler<C>): this {
    this.entries.push({ method, segments: split(pattern), handler });
    return this;
  }

  /** The matching handler, `'method'` when only the method is wrong, or undefined. */
  match(method: string, path: string): { handler: Handler<C>; params: Params } | 'method' | undefined {
    const parts = split(path);
    let pathMatched = false;
    for (const e of this.entries) {
      const params = matchSegments(e.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (e.method === method) return { handler: e.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: string[], parts: string[]): Params | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const v = parts[i]!;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(v);
      } catch {
        return undefined; // a malformed %-escape cannot name anything we hold
      }
    } else if (p.toLowerCase() !== v.toLowerCase()) {
      return undefined;
    }
  }
  return params;
}
