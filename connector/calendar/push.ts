/**
 * Optional Outlook push: writes a worker's shifts and time off as events in their Outlook
 * calendar through Graph (the shared client: its rate limiter, Retry-After handling and circuit
 * breaker). Delta-based: the hash of what we last wrote decides whether anything is written.
 *
 * Loop-free by construction: every event we create carries our extended property, and reading
 * the calendar back sorts events into "ours" (by tag) and "the user's" (everything else). Only
 * events that are ours are ever patched or deleted; the user's events are only read, to detect
 * conflicts.
 */
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../errors.ts';
import type { GraphCallError, GraphClient } from '../graph/index.ts';
import type { Logger } from '../observability/log.ts';
import type { Store } from '../store/index.ts';
import type { WfmAdapter, WfmError } from '../wfm/contract.ts';
import type { EventContent } from './events.ts';
import type { WfmReads } from './wfm-memo.ts';
import { currentEvents, feedWindow, type FeedWindowConfig } from './feed.ts';
import {
  bodyHash,
  driftedFrom,
  graphEventBody,
  graphEventSchema,
  parseGraphDateTime,
  parseSourceTag,
  SOURCE_PROPERTY_ID,
  sourceTag,
  tagOf,
  type ConflictPolicy,
  type GraphEvent,
} from './push-event.ts';

export interface PushConfig extends FeedWindowConfig {
  conflictPolicy: ConflictPolicy;
}

export interface PushDeps {
  store: Store;
  wfm: WfmAdapter;
  graph: GraphClient;
  config: PushConfig;
  uidScope: () => Promise<string>;
  log: Logger;
  now?: () => number;
}

/** What one user's push did. */
export interface PushReport {
  userId: string;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Our events marked as overlapping one of the user's (policy `flag`). */
  flagged: number;
  failed: number;
}

export type PushError = { source: 'wfm'; error: WfmError } | { source: 'graph'; error: GraphCallError };

interface PushRow {
  entity_type: 'shift' | 'timeOff';
  entity_id: string;
  graph_event_id: string;
  content_hash: string;
  start_at: Date;
  end_at: Date;
}

const keyOf = (type: string, id: string) => `${type}\u0000${id}`;

export interface OutlookPush {
  /**
   * Pushes one worker's window into their calendar. `reads` lets a run over many workers share
   * one memoised view of the WFM (see `memoWfm`); default: the adapter itself.
   */
  pushUser(userId: string, employeeId: string, reads?: WfmReads): Promise<Result<PushReport, PushError>>;
}

export function createOutlookPush(deps: PushDeps): OutlookPush {
  const now = deps.now ?? Date.now;
  // One run per user at a time in this process; a second caller waits for the first.
  const running = new Map<string, Promise<unknown>>();

  async function readCalendar(userId: string, window: { start: number; end: number }) {
    const q = new URLSearchParams({
      startDateTime: new Date(window.start).toISOString(),
      endDateTime: new Date(window.end).toISOString(),
      $select: 'id,subject,start,end,showAs,isCancelled,categories',
      $expand: `singleValueExtendedProperties($filter=id eq '${SOURCE_PROPERTY_ID}')`,
      $top: '200',
    });
    const listed = await deps.graph.listAll<unknown>({
      method: 'GET',
      path: `/users/${encodeURIComponent(userId)}/calendar/calendarView?${q.toString().replace(/\+/g, '%20')}`,
      headers: { Prefer: 'outlook.timezone="UTC"' },
    });
    if (!listed.ok) return listed;
    const events: GraphEvent[] = [];
    for (const raw of listed.value) {
      const parsed = graphEventSchema.safeParse(raw);
      if (parsed.success) events.push(parsed.data);
      else deps.log.warn({ userId, issues: parsed.error.issues.length }, 'calendar push: unreadable event skipped');
    }
    return ok(events);
  }

  async function run(userId: string, employeeId: string, reads: WfmReads): Promise<Result<PushReport, PushError>> {
    const t = now();
    const window = feedWindow(t, deps.config);
    const scope = await deps.uidScope();
    const current = await currentEvents(reads, employeeId, window);
    if (!current.ok) return err({ source: 'wfm', error: current.error });
    const calendar = await readCalendar(userId, window);
    if (!calendar.ok) return err({ source: 'graph', error: calendar.error });

    const ours = new Map<string, GraphEvent[]>();
    const theirs: GraphEvent[] = [];
    for (const e of calendar.value) {
      const tag = tagOf(e);
      const entity = tag ? parseSourceTag(tag, scope) : undefined;
      if (entity) {
        const k = keyOf(entity.entityType, entity.entityId);
        ours.set(k, [...(ours.get(k) ?? []), e]);
      } else if (!tag && !e.isCancelled && e.showAs !== 'free') {
        theirs.push(e);
      }
    }
    const rows = await deps.store.query<PushRow>(
      `SELECT entity_type, entity_id, graph_event_id, content_hash, start_at, end_at
         FROM calendar_push_events WHERE user_id = $1`,
      [userId],
    );
    const stored = new Map(rows.map((r) => [keyOf(r.entity_type, r.entity_id), r]));
    const report: PushReport = { userId, created: 0, updated: 0, deleted: 0, unchanged: 0, flagged: 0, failed: 0 };
    const path = (eventId?: string) =>
      `/users/${encodeURIComponent(userId)}/calendar/events${eventId ? `/${encodeURIComponent(eventId)}` : ''}`;

    const remove = async (eventId: string): Promise<boolean> => {
      const res = await deps.graph.request({ method: 'DELETE', path: path(eventId) });
      if (res.ok || res.error.status === 404) return true;
      report.failed++;
      deps.log.warn({ userId, code: res.error.code }, 'calendar push: delete failed');
      return false;
    };

    const wanted = new Set<string>();
    for (const c of current.value.events) {
      const k = keyOf(c.entityType, c.entityId);
      if (wanted.has(k)) continue;
      wanted.add(k);
      const conflicts =
        deps.config.conflictPolicy === 'flag'
          ? theirs.filter((e) => overlaps(e, c)).map((e) => e.subject?.trim() || 'an event')
          : [];
      const body = graphEventBody(c, sourceTag(scope, c.entityType, c.entityId), conflicts);
      const hash = bodyHash(body);
      const row = stored.get(k);
      const candidates = ours.get(k) ?? [];
      const existing = candidates.find((e) => e.id === row?.graph_event_id) ?? candidates[0];
      // Extra copies of our own event (a run that crashed after Graph created it): remove them.
      for (const dup of candidates) if (dup !== existing) if (await remove(dup.id)) report.deleted++;

      let eventId: string | undefined = existing?.id ?? row?.graph_event_id;
      const mustWrite =
        !existing ||
        row?.content_hash !== hash ||
        row.graph_event_id !== existing.id ||
        (deps.config.conflictPolicy === 'override' && driftedFrom(existing, c));
      if (!mustWrite) {
        report.unchanged++;
        continue;
      }
      let written = false;
      if (eventId) {
        const patched = await deps.graph.request({ method: 'PATCH', path: path(eventId), body });
        if (patched.ok) {
          written = true;
          report.updated++;
        } else if (patched.error.status !== 404) {
          report.failed++;
          deps.log.warn({ userId, code: patched.error.code }, 'calendar push: update failed');
          continue;
        }
      }
      if (!written) {
        // New, or the user deleted our event: the WFM is the system of record, so it comes back.
        // transactionId makes Graph deduplicate a create that our client retried after a timeout.
        const transactionId = createHash('sha256').update(`${userId}|${k}|${hash}|${t}`).digest('hex').slice(0, 40);
        const created = await deps.graph.request<{ id?: string }>({
          method: 'POST',
          path: path(),
          body: { ...body, transactionId },
        });
        if (!created.ok || !created.value.body?.id) {
          report.failed++;
          deps.log.warn({ userId, code: created.ok ? 'no_id' : created.error.code }, 'calendar push: create failed');
          continue;
        }
        eventId = created.value.body.id;
        report.created++;
      }
      if (conflicts.length > 0) report.flagged++;
      await deps.store.query(
        `INSERT INTO calendar_push_events
           (user_id, entity_type, entity_id, employee_id, graph_event_id, content_hash, conflict, start_at, end_at, pushed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (user_id, entity_type, entity_id) DO UPDATE
           SET graph_event_id = EXCLUDED.graph_event_id, content_hash = EXCLUDED.content_hash,
               conflict = EXCLUDED.conflict, employee_id = EXCLUDED.employee_id,
               start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, pushed_at = EXCLUDED.pushed_at`,
        [userId, c.entityType, c.entityId, employeeId, eventId, hash, conflicts.length > 0, new Date(c.start), new Date(c.end), new Date(t)],
      );
    }

    // Entities gone from the WFM window: delete our events for them. Rows that ended before the
    // window are history: the event stays in Outlook, only our bookkeeping is dropped.
    for (const [k, row] of stored) {
      if (wanted.has(k)) continue;
      const inWindow = row.start_at.getTime() < window.end && row.end_at.getTime() > window.start;
      if (inWindow) {
        if (!(await remove(row.graph_event_id))) continue;
        report.deleted++;
      }
      await deps.store.query(`DELETE FROM calendar_push_events WHERE user_id = $1 AND entity_type = $2 AND entity_id = $3`, [
        userId,
        row.entity_type,
        row.entity_id,
      ]);
      ours.delete(k);
    }
    // Tagged events of ours we have no record of and no entity for (restored backup, lost write).
    for (const [k, events] of ours) {
      if (wanted.has(k)) continue;
      for (const e of events) if (await remove(e.id)) report.deleted++;
    }
    deps.log.info({ ...report }, 'calendar push done');
    return ok(report);
  }

  return {
    pushUser(userId, employeeId, reads = deps.wfm) {
      const previous = running.get(userId) ?? Promise.resolve();
      const next = previous.then(
        () => run(userId, employeeId, reads),
        () => run(userId, employeeId, reads),
      );
      running.set(userId, next);
      const forget = () => {
        if (running.get(userId) === next) running.delete(userId);
      };
      next.then(forget, forget);
      return next;
    },
  };
}

function overlaps(e: GraphEvent, c: EventContent): boolean {
  const start = parseGraphDateTime(e.start);
  const end = parseGraphDateTime(e.end);
  return start < c.end && end > c.start;
}
