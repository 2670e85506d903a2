import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Router } from '../http/router.ts';
import { badRequest, GraphError, notFound, type EmuRequest } from '../http/types.ts';
import type { GraphObject } from '../state.ts';
import type { GraphCall } from './call.ts';
import { ok, page, single } from './odata.ts';
import { isKnownZone, utcToWallTime, wallTimeToUtc } from './timezone.ts';

const dateTimeTimeZone = z.object({ dateTime: z.string(), timeZone: z.string().default('UTC') }).strict();
const extendedProperty = z.object({ id: z.string().min(1), value: z.string().nullable() }).strict();

/** The event properties the emulator stores; like Graph, anything else is refused. */
const eventSchema = z
  .object({
    subject: z.string().nullable(),
    body: z.object({ contentType: z.enum(['text', 'html', 'Text', 'HTML']), content: z.string() }).strict().nullable(),
    start: dateTimeTimeZone,
    end: dateTimeTimeZone,
    location: z.object({ displayName: z.string().nullable() }).passthrough().nullable(),
    isAllDay: z.boolean(),
    showAs: z.enum(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown']),
    categories: z.array(z.string()),
    isReminderOn: z.boolean(),
    reminderMinutesBeforeStart: z.number().int(),
    sensitivity: z.enum(['normal', 'personal', 'private', 'confidential']),
    importance: z.enum(['low', 'normal', 'high']),
    transactionId: z.string().nullable(),
    responseRequested: z.boolean(),
    allowNewTimeProposals: z.boolean(),
    singleValueExtendedProperties: z.array(extendedProperty),
  })
  .partial()
  .strict();

type Stored = GraphObject & { startMs: number; endMs: number; props: Array<{ id: string; value: string | null }> };

function events(call: GraphCall, userId: string): Map<string, Stored> {
  const known = call.emu.state.users.has(userId);
  if (!known) throw notFound(`The user '${userId}' was not found.`);
  // Exchange answers this way for a mailbox outside the app's RBAC management scope.
  const scope = call.emu.settings.mailboxScope;
  if (scope && !scope.includes(userId)) throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  let m = call.emu.state.events.get(userId) as Map<string, Stored> | undefined;
  if (!m) {
    m = new Map();
    call.emu.state.events.set(userId, m);
  }
  return m;
}

function parseBody(body: unknown): z.infer<typeof eventSchema> {
  const parsed = eventSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw badRequest(`The property '${issue.keys[0]}' does not exist on type 'microsoft.graph.event'.`);
    }
    throw badRequest(`Invalid event at '${issue.path.join('.')}': ${issue.message}`);
  }
  for (const key of ['start', 'end'] as const) {
    const v = parsed.data[key];
    if (v && !isKnownZone(v.timeZone)) throw badRequest(`The time zone '${v.timeZone}' is not supported; use an IANA name or UTC.`);
    if (v && Number.isNaN(wallTimeToUtc(v.dateTime, v.timeZone))) throw badRequest(`'${v.dateTime}' is not a valid ${key}.dateTime.`);
  }
  return parsed.data;
}

/** `Prefer: outlook.timezone="..."` picks the zone of returned times; UTC otherwise. */
function outputZone(req: EmuRequest): string {
  const m = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(req.headers.prefer ?? '');
  return m && isKnownZone(m[1]!) ? m[1]! : 'UTC';
}

/** `$expand=singleValueExtendedProperties($filter=id eq '...')` */
function expandFilter(req: EmuRequest): ((id: string) => boolean) | undefined {
  const expand = req.query.get('$expand');
  if (expand === null) return undefined;
  const m = /^singleValueExtendedProperties(?:\(\$filter=id eq '((?:[^']|'')*)'\))?$/i.exec(expand.trim());
  if (!m) throw badRequest(`$expand '${expand}' is not supported; expand singleValueExtendedProperties.`);
  const wanted = m[1]?.replaceAll("''", "'");
  return (id) => wanted === undefined || id.toLowerCase() === wanted.toLowerCase();
}

function shape(req: EmuRequest, e: Stored): GraphObject {
  const zone = outputZone(req);
  const { startMs, endMs, props, ...rest } = e;
  const out: GraphObject = {
    ...rest,
    start: { dateTime: utcToWallTime(startMs, zone), timeZone: zone },
    end: { dateTime: utcToWallTime(endMs, zone), timeZone: zone },
  };
  const select = req.query.get('$select');
  let shaped = out;
  if (select !== null) {
    const keep = new Set(['id', '@odata.etag', ...select.split(',').map((s) => s.trim())]);
    shaped = Object.fromEntries(Object.entries(out).filter(([k]) => keep.has(k)));
  }
  const expand = expandFilter(req);
  if (expand) shaped.singleValueExtendedProperties = props.filter((p) => expand(p.id));
  return shaped;
}

/** `$filter=singleValueExtendedProperties/Any(ep: ep/id eq '...' and ep/value eq '...')` */
function listFilter(req: EmuRequest): (e: Stored) => boolean {
  const filter = req.query.get('$filter');
  if (filter === null) return () => true;
  const m =
    /^singleValueExtendedProperties\/Any\(\s*(\w+)\s*:\s*\1\/id eq '((?:[^']|'')*)'\s+and\s+\1\/value eq '((?:[^']|'')*)'\s*\)$/i.exec(
      filter.trim(),
    );
  if (!m) throw badRequest(`$filter '${filter}' is not supported; use singleValueExtendedProperties/Any(ep: ep/id eq '...' and ep/value eq '...').`);
  const id = m[2]!.replaceAll("''", "'").toLowerCase();
  const value = m[3]!.replaceAll("''", "'");
  return (e) => e.props.some((p) => p.id.toLowerCase() === id && p.value === value);
}

function apply(e: Stored, body: z.infer<typeof eventSchema>): void {
  const { singleValueExtendedProperties, start, end, ...rest } = body;
  Object.assign(e, rest);
  if (start) e.startMs = wallTimeToUtc(start.dateTime, start.timeZone);
  if (end) e.endMs = wallTimeToUtc(end.dateTime, end.timeZone);
  for (const p of singleValueExtendedProperties ?? []) {
    const i = e.props.findIndex((x) => x.id.toLowerCase() === p.id.toLowerCase());
    if (i >= 0) e.props[i] = p;
    else e.props.push(p);
  }
  e.lastModifiedDateTime = new Date().toISOString();
  e.changeKey = randomUUID();
  e['@odata.etag'] = `W/"${String(e.changeKey)}"`;
}

/** calendarView bounds: without an offset Graph reads them as UTC (JS would read local time). */
function parseInstant(v: string | null): number {
  if (!v) return Number.NaN;
  return Date.parse(/(Z|[+-]\d\d:\d\d)$/i.test(v) ? v : `${v}Z`);
}

/** Minimal Outlook calendar: events with single-value extended properties, and calendarView. */
export function calendarRoutes(r: Router<GraphCall>): void {
  for (const prefix of ['/users/:userId/events', '/users/:userId/calendar/events']) {
    r.add('GET', prefix, (req, p, call) => {
      const match = listFilter(req);
      const all = [...events(call, p.userId!).values()].filter(match).sort((a, b) => a.startMs - b.startMs);
      return ok(page(req, call, all.map((e) => shape(req, e)), call.emu.settings.pageSize, `users('${p.userId}')/events`));
    });
    r.add('POST', prefix, (req, p, call) => {
      const body = parseBody(req.body);
      if (!body.start || !body.end) throw badRequest('An event needs start and end.');
      const store = events(call, p.userId!);
      if (body.transactionId) {
        // Graph deduplicates creates that carry the same transactionId (safe retries).
        const twin = [...store.values()].find((e) => e.transactionId === body.transactionId);
        if (twin) return ok(single(req, call, shape(req, twin), `users('${p.userId}')/events`), 201);
      }
      const now = new Date().toISOString();
      const id = Buffer.from(randomUUID()).toString('base64url');
      const e: Stored = {
        id,
        createdDateTime: now,
        subject: null,
        body: { contentType: 'text', content: '' },
        location: { displayName: null },
        isAllDay: false,
        showAs: 'busy',
        categories: [],
        isReminderOn: true,
        reminderMinutesBeforeStart: 15,
        sensitivity: 'normal',
        importance: 'normal',
        transactionId: null,
        isCancelled: false,
        type: 'singleInstance',
        iCalUId: `040000008200E00074C5B7101A82E008${randomUUID().replaceAll('-', '')}`,
        startMs: 0,
        endMs: 0,
        props: [],
      };
      apply(e, body);
      if (e.endMs < e.startMs) throw badRequest('The event end must not be before its start.');
      store.set(id, e);
      return ok(single(req, call, shape(req, e), `users('${p.userId}')/events`), 201);
    });
    r.add('GET', `${prefix}/:id`, (req, p, call) => {
      const e = events(call, p.userId!).get(p.id!);
      if (!e) throw notFound('The specified object was not found in the store.');
      return ok(single(req, call, shape(req, e), `users('${p.userId}')/events`));
    });
    r.add('PATCH', `${prefix}/:id`, (req, p, call) => {
      const e = events(call, p.userId!).get(p.id!);
      if (!e) throw notFound('The specified object was not found in the store.');
      apply(e, parseBody(req.body));
      return ok(single(req, call, shape(req, e), `users('${p.userId}')/events`));
    });
    r.add('DELETE', `${prefix}/:id`, (_req, p, call) => {
      if (!events(call, p.userId!).delete(p.id!)) throw notFound('The specified object was not found in the store.');
      return { status: 204 };
    });
  }
  for (const path of ['/users/:userId/calendarView', '/users/:userId/calendar/calendarView']) {
    r.add('GET', path, (req, p, call) => {
      const from = parseInstant(req.query.get('startDateTime'));
      const to = parseInstant(req.query.get('endDateTime'));
      if (Number.isNaN(from) || Number.isNaN(to)) {
        throw badRequest("This request requires a time window specified by the query string parameters 'startDateTime' and 'endDateTime'.");
      }
      const match = listFilter(req);
      const hits = [...events(call, p.userId!).values()]
        .filter((e) => e.startMs < to && e.endMs > from && match(e))
        .sort((a, b) => a.startMs - b.startMs);
      return ok(page(req, call, hits.map((e) => shape(req, e)), call.emu.settings.pageSize, `users('${p.userId}')/calendarView`));
    });
  }
}
