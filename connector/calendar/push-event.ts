/**
 * Outlook events as we write them through Graph, and how we recognise them when reading a
 * calendar back: every event we create carries one single-value extended property (our source
 * tag plus the entity), so our own events are never mistaken for the user's (no ping-pong).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CalendarEntityType, EventContent } from './events.ts';

/** Our named MAPI string property: a fixed GUID namespace and name (Graph's `String {guid} Name x` form). */
export const SOURCE_PROPERTY_ID = 'String {9c3f5a2e-6d41-4b8a-a0e7-5f1c2d3b4e6a} Name ShiftsConnectorSource';

/** Value prefix: the tag says "written by the shifts connector" before it says which entity. */
const TAG_PREFIX = 'shifts-connector';

export type ConflictPolicy = 'flag' | 'override' | 'ignore';

/** `shifts-connector/<scope>/<entityType>/<entityId>`; the scope keeps two tenants' tags apart. */
export function sourceTag(scope: string, entityType: CalendarEntityType, entityId: string): string {
  return `${TAG_PREFIX}/${encodeURIComponent(scope)}/${entityType}/${encodeURIComponent(entityId)}`;
}

/** The entity a tag names, when it is one of ours for this scope. */
export function parseSourceTag(
  tag: string,
  scope: string,
): { entityType: CalendarEntityType; entityId: string } | undefined {
  const m = /^([^/]+)\/([^/]+)\/(shift|timeOff)\/([^/]+)$/.exec(tag);
  if (!m || m[1] !== TAG_PREFIX || m[2] !== encodeURIComponent(scope)) return undefined;
  return { entityType: m[3] as CalendarEntityType, entityId: decodeURIComponent(m[4]!) };
}

/** Graph's dateTimeTimeZone, always in UTC: clients show it in the user's own zone. */
export function graphDateTime(instantMs: number): { dateTime: string; timeZone: 'UTC' } {
  return { dateTime: new Date(instantMs).toISOString().replace(/Z$/, ''), timeZone: 'UTC' };
}

/** Reads a Graph dateTimeTimeZone back as an instant (we always ask for and write UTC). */
export function parseGraphDateTime(v: { dateTime: string; timeZone?: string | null } | undefined): number {
  if (!v) return Number.NaN;
  const tz = v.timeZone ?? 'UTC';
  if (tz !== 'UTC' && tz !== 'Etc/UTC') return Number.NaN;
  return Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(v.dateTime) ? v.dateTime : `${v.dateTime}Z`);
}

/** An Outlook event as Graph returns it (the fields we select). */
export const graphEventSchema = z.object({
  id: z.string(),
  subject: z.string().nullable().optional(),
  start: z.object({ dateTime: z.string(), timeZone: z.string().nullable().optional() }).optional(),
  end: z.object({ dateTime: z.string(), timeZone: z.string().nullable().optional() }).optional(),
  showAs: z.string().nullable().optional(),
  isCancelled: z.boolean().nullable().optional(),
  categories: z.array(z.string()).nullable().optional(),
  singleValueExtendedProperties: z
    .array(z.object({ id: z.string(), value: z.string().nullable().optional() }))
    .nullable()
    .optional(),
});
export type GraphEvent = z.infer<typeof graphEventSchema>;

/** Our tag on an event read back, if any (property ids compare case-insensitively in Graph). */
export function tagOf(e: GraphEvent): string | undefined {
  const p = e.singleValueExtendedProperties?.find((x) => x.id.toLowerCase() === SOURCE_PROPERTY_ID.toLowerCase());
  return p?.value ?? undefined;
}

/** Category that marks our event when it overlaps one of the user's (policy `flag`). */
export const CONFLICT_CATEGORY = 'Shift conflict';

/** The body we POST/PATCH for an entity; `conflictWith` names the user's overlapping events. */
export function graphEventBody(
  c: EventContent,
  tag: string,
  conflictWith: string[],
): Record<string, unknown> {
  const flagged = conflictWith.length > 0;
  const lines = [c.description ?? ''];
  if (flagged) {
    lines.push(`Overlaps ${conflictWith.length === 1 ? 'an event' : `${conflictWith.length} events`} in your calendar: ${conflictWith.join('; ')}`);
  }
  return {
    subject: c.summary,
    body: { contentType: 'text', content: lines.filter(Boolean).join('\n\n') },
    start: graphDateTime(c.start),
    end: graphDateTime(c.end),
    location: { displayName: c.location ?? '' },
    categories: flagged ? [...c.categories, CONFLICT_CATEGORY] : c.categories,
    // Flagged: tentative, so the user's own event keeps the slot in free/busy.
    showAs: flagged ? 'tentative' : c.entityType === 'timeOff' ? 'oof' : 'busy',
    sensitivity: 'private',
    isReminderOn: false,
    singleValueExtendedProperties: [{ id: SOURCE_PROPERTY_ID, value: tag }],
  };
}

/** Hash of a body we write: equal hashes mean nothing to write (delta). */
export function bodyHash(body: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('base64url');
}

/** True when an event read back no longer shows what we wrote (the user moved or renamed it). */
export function driftedFrom(e: GraphEvent, c: EventContent): boolean {
  return (
    parseGraphDateTime(e.start) !== c.start || parseGraphDateTime(e.end) !== c.end || (e.subject ?? '') !== c.summary
  );
}
