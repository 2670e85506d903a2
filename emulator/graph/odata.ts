import { badRequest, type EmuRequest, type EmuResponse } from '../http/types.ts';
import type { GraphObject } from '../state.ts';

/** Where the Graph version prefix lives on a request the dispatcher routed. */
export interface Versioned {
  version: 'v1.0' | 'beta';
}

/**
 * One page of a collection, with `@odata.nextLink` as an absolute URL carrying an opaque
 * `$skiptoken`, the way Graph pages (clients must follow the link, never build it).
 */
export function page(req: EmuRequest, v: Versioned, items: GraphObject[], pageSize: number, context: string): GraphObject {
  const top = req.query.get('$top');
  let size = pageSize;
  if (top !== null) {
    const n = Number(top);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw badRequest(`Invalid $top value '${top}'; use 1..1000.`);
    size = n;
  }
  const token = req.query.get('$skiptoken');
  let offset = 0;
  if (token !== null) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded) throw badRequest('The $skiptoken is invalid.');
    offset = Number(decoded[1]);
  }
  const slice = items.slice(offset, offset + size);
  const out: GraphObject = { '@odata.context': `${req.baseUrl}/${v.version}/$metadata#${context}`, value: slice };
  if (offset + size < items.length) {
    const q = new URLSearchParams(req.query);
    q.delete('$skiptoken');
    q.set('$skiptoken', Buffer.from(`o${offset + size}`, 'utf8').toString('base64url'));
    out['@odata.nextLink'] = `${req.baseUrl}/${v.version}${req.path}?${q.toString()}`;
  }
  return out;
}

/** A single entity with its `@odata.context`. */
export function single(req: EmuRequest, v: Versioned, entity: GraphObject, context: string): GraphObject {
  return { '@odata.context': `${req.baseUrl}/${v.version}/$metadata#${context}/$entity`, ...entity };
}

type Op = 'ge' | 'gt' | 'le' | 'lt' | 'eq';
interface Clause {
  property: string;
  op: Op;
  value: number;
}

/**
 * Parses the schedule-list `$filter` Graph supports: `<item>/startDateTime|endDateTime`
 * compared with a date-time, joined by `and`; the same property may appear only once.
 * `allowed` lists the item properties (e.g. `sharedShift`, `draftShift`).
 */
export function parseDateFilter(filter: string, allowed: string[]): Clause[] {
  const clauses: Clause[] = [];
  const seen = new Set<string>();
  for (const part of filter.split(/\s+and\s+/i)) {
    const m = /^\s*([A-Za-z]+)\/(startDateTime|endDateTime)\s+(ge|gt|le|lt|eq)\s+'?([0-9T:.+\-Z]+)'?\s*$/i.exec(part);
    if (!m) throw badRequest(`Invalid filter clause '${part.trim()}'. Supported: <item>/startDateTime or <item>/endDateTime with ge, gt, le, lt or eq, joined by 'and'.`);
    const item = allowed.find((a) => a.toLowerCase() === m[1]!.toLowerCase());
    if (!item) throw badRequest(`Filtering on '${m[1]}' is not supported; use ${allowed.join(' or ')}.`);
    const property = `${item}/${m[2]!.toLowerCase() === 'startdatetime' ? 'startDateTime' : 'endDateTime'}`;
    if (seen.has(property)) {
      throw badRequest(`The property '${property}' can be used only once in $filter. Combine startDateTime and endDateTime instead.`);
    }
    seen.add(property);
    const value = Date.parse(m[4]!);
    if (Number.isNaN(value)) throw badRequest(`'${m[4]}' is not a valid date-time.`);
    clauses.push({ property, op: m[3]!.toLowerCase() as Op, value });
  }
  return clauses;
}

export function matchesDateFilter(entity: GraphObject, clauses: Clause[]): boolean {
  return clauses.every((c) => {
    const [item, prop] = c.property.split('/') as [string, string];
    const holder = entity[item] as GraphObject | null | undefined;
    const raw = holder?.[prop];
    if (typeof raw !== 'string') return false;
    const t = Date.parse(raw);
    switch (c.op) {
      case 'ge':
        return t >= c.value;
      case 'gt':
        return t > c.value;
      case 'le':
        return t <= c.value;
      case 'lt':
        return t < c.value;
      case 'eq':
        return t === c.value;
    }
  });
}

/** A JSON answer. */
export function ok(json: unknown, status = 200): EmuResponse {
  return { status, json };
}
