/**
 * `POST /wfi/v1/teams/:teamId/update`: Shifts asks us to approve changes to its schedule.
 *
 * Pipeline: authenticate → parse items → idempotency claims (retries get the recorded answer)
 * → decide (passthrough echo / expiry / entity type / one-way / two-way through the WFM) →
 * record decisions, answers, mappings and alerts in one transaction → answer 200.
 */
import { randomUUID } from 'node:crypto';
import { deleteEntityMapping, getEntityMappingByShiftsId, getUserIdForEmployee, getUserMapping, upsertEntityMapping } from '../mappings/index.ts';
import type { Queryable } from '../store/index.ts';
import type { Route } from '../http/types.ts';
import { decideTwoWay } from './apply.ts';
import type { WebhookContext } from './context.ts';
import { answerDeadline, parseExpiry } from './deadline.ts';
import { recordDecisions, type NewDecision } from './decisions.ts';
import { parseUpdateUrl } from './entity-types.ts';
import { itemHeader, openEnvelope, WEBHOOK_BODY_LIMIT } from './envelope.ts';
import { URL_WFM_TYPE, lookupForEntries } from './lookup.ts';
import { claimItems, completeItems, itemKeyString, releaseItems, type ClaimOutcome, type ItemKey } from './idempotency.ts';
import { actingUserOf, entityIdOf, entityTypeOf, metricEntityOf, operationOf, type Entry, type MappingWrite, type Outcome } from './outcome.ts';
import { modeRefusals } from './modes.ts';
import { approvedItem, MESSAGES, rejectedItem } from './responses.ts';
import { wfiRequestContainerSchema, wfiRequestItemSchema, type WfiResponseContainer, type WfiResponseItem } from './schemas.ts';

const PASSTHROUGH_HEADER = 'x-ms-wfmpassthrough';
/**
 * Most items one /update request may carry. Shifts sends 1, or 5 for a swap approval; a request
 * beyond this is answered 400 `TOO_MANY_ITEMS` on every item, with its audit and alerts written,
 * so no request can hold the store or the WFM for long.
 */
export const MAX_UPDATE_ITEMS = 100;
/** How often a duplicate waits for the first copy's answer. */
const BUSY_POLL_MS = 25;

export function updateRoute(ctx: WebhookContext): Route {
  return {
    method: 'POST',
    path: '/wfi/v1/teams/:teamId/update',
    bodyLimit: WEBHOOK_BODY_LIMIT,
    handler: async (req) => {
      const started = performance.now();
      const payload = await openEnvelope(req, ctx, 'update');
      const teamId = req.params.teamId ?? '';
      const entries = parseEntries(payload);
      if (entries.length === 0) {
        req.log.warn({ teamId }, 'authentic /update request without answerable items');
        return { status: 200, json: { responses: [] } satisfies WfiResponseContainer };
      }
      try {
        return await answerUpdate(ctx, req.headers[PASSTHROUGH_HEADER], teamId, entries, started);
      } catch (err) {
        // An authentic request is always answered 200: a failure of ours (e.g. the store is
        // down) becomes a retryable in-body 503 on every item, and nothing is recorded.
        req.log.error({ err, teamId }, 'could not process a Shifts change; answered 503 in-body');
        const responses = entries.map((e) => rejectedItem(e.id, 503, 'CONNECTOR_ERROR', MESSAGES.connectorError));
        return { status: 200, json: { responses } satisfies WfiResponseContainer };
      }
    },
  };
}

/** Idempotency, decision and recording for the items of one authentic request. */
async function answerUpdate(
  ctx: WebhookContext,
  passthroughHeader: string | string[] | undefined,
  teamId: string,
  entries: Entry[],
  started: number,
): Promise<{ status: number; json: WfiResponseContainer }> {
  const passthrough = isPassthrough(passthroughHeader, ctx.config.wfiId);
  const now = ctx.now();
  if (entries.length > MAX_UPDATE_ITEMS) {
    // Nothing is claimed or sent: the same request always gets the same permanent answer.
    const message = `Shifts sent ${entries.length} changes at once; at most ${MAX_UPDATE_ITEMS} can be handled in one request.`;
    const decided = { outcomes: entries.map((e) => reject(e, 400, 'TOO_MANY_ITEMS', message)), mappings: [] };
    if ((await persist(ctx, teamId, entries, decided, performance.now() - started)) > 0) ctx.alerts.notify();
    entries.forEach((e) => ctx.metrics.items.inc({ endpoint: 'update', entity: metricEntityOf(e), decision: 'rejected' }));
    return { status: 200, json: { responses: decided.outcomes.map((o) => o.response) } satisfies WfiResponseContainer };
  }
  const deadline = answerDeadline(now, entries.map((e) => e.expiresAt), ctx.config.deadline);
  if (ctx.batcher && !passthrough && entries.every((e) => e.transactionId !== undefined) && !firstProblem(ctx, entries, now)) {
    const batched = await ctx.batcher.submit({ teamId, entries, started, deadline });
    if (batched) {
      entries.forEach((e, i) => ctx.metrics.items.inc({ endpoint: 'update', entity: metricEntityOf(e), decision: batched[i]!.decision }));
      return { status: 200, json: { responses: batched.map((o) => o.response) } satisfies WfiResponseContainer };
    }
  }

  const keyed = entries.filter((e) => e.transactionId !== undefined);
  const keys: ItemKey[] = keyed.map((e) => ({ transactionId: e.transactionId!, itemId: e.id }));
  const claims = await claimItems(ctx.store, teamId, keys, await ctx.liveness.key());
  const answers = new Map<string, WfiResponseItem>();
  const busy = keyed.filter((e) => claimOf(claims, e)?.kind === 'busy');
  for (const e of keyed) {
    const c = claimOf(claims, e);
    if (c?.kind === 'answered') answers.set(e.id, c.response);
  }
  if (busy.length > 0) await waitForOthers(ctx, teamId, busy, deadline, answers, claims);

  const fresh = entries.filter((e) => !answers.has(e.id) && (e.transactionId === undefined || claimOf(claims, e)?.kind === 'claimed'));
  if (answers.size > 0) ctx.metrics.replays.inc({ endpoint: 'update' }, answers.size);
  for (const e of entries) {
    if (!answers.has(e.id) && !fresh.includes(e)) answers.set(e.id, rejectedItem(e.id, 503, 'IN_PROGRESS', MESSAGES.stillProcessing));
  }

  const freshKeys = fresh.filter((e) => e.transactionId !== undefined).map((e) => ({ transactionId: e.transactionId!, itemId: e.id }));
  let decided: { outcomes: Outcome[]; mappings: MappingWrite[]; recorded?: boolean };
  try {
    // An embedded WFM on our store records the decision in the transaction of the change.
    const record = (q: Queryable, d: { outcomes: Outcome[]; mappings: MappingWrite[] }) => persistIn(ctx, q, teamId, fresh, d, performance.now() - started).then(() => undefined);
    decided = fresh.length === 0 ? { outcomes: [], mappings: [] } : await decide(ctx, teamId, fresh, passthrough, now, deadline, record);
  } catch (err) {
    // Nothing was decided: let a retry run again.
    await releaseItems(ctx.store, teamId, freshKeys).catch((e: unknown) => ctx.log.error({ err: e }, 'could not release claims'));
    throw err;
  }
  const latencyMs = performance.now() - started;
  try {
    const rejected = decided.recorded ? 0 : await persist(ctx, teamId, fresh, decided, latencyMs);
    if (rejected > 0) ctx.alerts.notify();
  } catch (err) {
    // The WFM has decided (and maybe applied): Shifts must hear that decision, and a retry
    // must get it too, so record at least the answers before giving up on the audit.
    ctx.log.error({ err, teamId }, 'could not record webhook decisions; answering the WFM decision anyway');
    await completeItems(ctx.store, teamId, answerRecords(fresh, decided.outcomes)).catch((e: unknown) =>
      ctx.log.error({ err: e, teamId }, 'could not record webhook answers either'),
    );
  }
  fresh.forEach((e, i) => {
    const o = decided.outcomes[i]!;
    answers.set(e.id, o.response);
    ctx.metrics.items.inc({ endpoint: 'update', entity: metricEntityOf(e), decision: o.decision });
  });
  const responses = entries.map((e) => answers.get(e.id)!);
  return { status: 200, json: { responses } satisfies WfiResponseContainer };
}

function claimOf(claims: Map<string, ClaimOutcome>, e: Entry): ClaimOutcome | undefined {
  return e.transactionId === undefined ? undefined : claims.get(itemKeyString({ transactionId: e.transactionId, itemId: e.id }));
}

/** Waits (until the deadline) for concurrent copies of the same items to be answered or released. */
async function waitForOthers(
  ctx: WebhookContext,
  teamId: string,
  busy: Entry[],
  deadline: number,
  answers: Map<string, WfiResponseItem>,
  claims: Map<string, ClaimOutcome>,
): Promise<void> {
  let pending = busy;
  while (pending.length > 0 && ctx.now() < deadline) {
    await new Promise((r) => setTimeout(r, BUSY_POLL_MS));
    const again = await claimItems(ctx.store, teamId, pending.map((e) => ({ transactionId: e.transactionId!, itemId: e.id })), await ctx.liveness.key());
    for (const e of pending) {
      const c = claimOf(again, e)!;
      claims.set(itemKeyString({ transactionId: e.transactionId!, itemId: e.id }), c);
      if (c.kind === 'answered') answers.set(e.id, c.response);
    }
    pending = pending.filter((e) => claimOf(claims, e)?.kind === 'busy');
  }
}

function isPassthrough(header: string | string[] | undefined, wfiId: string): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  return wfiId !== '' && value === wfiId;
}

/** Longest item, entity or transaction id accepted (Shifts ids are GUID-like, well under this). */
export const MAX_ITEM_ID_LENGTH = 256;

/** An id as it may be stored: PostgreSQL text holds no NUL, and an index entry has a size limit. */
function recordableId(id: string): string {
  const clean = id.replaceAll('\u0000', '\uFFFD');
  return clean.length > MAX_ITEM_ID_LENGTH ? `${clean.slice(0, MAX_ITEM_ID_LENGTH)}…` : clean;
}

/** True when a value can never be stored or sent on: a NUL anywhere in it (PostgreSQL text refuses it). */
function holdsNul(raw: unknown): boolean {
  return JSON.stringify(raw).includes('\\u0000');
}

/** Turns the decrypted payload into entries; items without an id cannot be answered and are dropped. */
export function parseEntries(payload: unknown): Entry[] {
  const container = wfiRequestContainerSchema.safeParse(payload);
  if (!container.success) return [];
  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (const raw of container.data.requests) {
    const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || id === '' || seen.has(id)) continue;
    seen.add(id);
    // A malformed item is a permanent 400 (INVALID_INPUT), never a store error answered 503:
    // every id we store or index (item, entity, transaction) must fit, and none may hold a NUL.
    const parsed = id.length > MAX_ITEM_ID_LENGTH || holdsNul(raw) ? undefined : wfiRequestItemSchema.safeParse(raw);
    let item = parsed?.success ? parsed.data : null;
    const url = item ? parseUpdateUrl(item.url) : ({ ok: false, segment: '' } as const);
    const transactionId = item ? itemHeader(item.headers, 'X-MS-Transaction-ID') : undefined;
    if ((url.ok && url.entityId.length > MAX_ITEM_ID_LENGTH) || (transactionId?.length ?? 0) > MAX_ITEM_ID_LENGTH) item = null;
    entries.push({
      id,
      item,
      url: item ? url : { ok: false, segment: '' },
      transactionId: item ? transactionId : undefined,
      expiresAt: item ? parseExpiry(itemHeader(item.headers, 'X-MS-Expires')) : undefined,
    });
  }
  return entries;
}

function reject(e: Entry, status: number, code: string, message: string): Outcome {
  return { response: rejectedItem(e.id, status, code, message), decision: 'rejected', operation: operationOf(e), actingUserId: actingUserOf(e), wfmId: null, subject: null };
}

/** The decision for a request's fresh items; atomic: one failing item rejects them all. */
async function decide(
  ctx: WebhookContext,
  teamId: string,
  entries: Entry[],
  passthrough: boolean,
  now: number,
  deadline: number,
  record: (q: Queryable, decided: { outcomes: Outcome[]; mappings: MappingWrite[] }) => Promise<void>,
): Promise<{ outcomes: Outcome[]; mappings: MappingWrite[]; recorded?: boolean }> {
  if (passthrough) {
    // Our own Graph write echoing back: approve without asking the WFM (or we would loop).
    const outcomes: Outcome[] = [];
    for (const e of entries) {
      const wfmType = e.url.ok ? URL_WFM_TYPE[e.url.entityType] : undefined;
      const m = wfmType ? await getEntityMappingByShiftsId(ctx.store, teamId, wfmType, entityIdOf(e)) : undefined;
      outcomes.push({ response: approvedItem(e.id, m?.wfmVersion ?? null), decision: 'passthrough', operation: operationOf(e), actingUserId: actingUserOf(e), wfmId: m?.wfmId ?? null, subject: null });
    }
    return { outcomes, mappings: [] };
  }
  const problem = firstProblem(ctx, entries, now);
  if (problem) {
    return { outcomes: entries.map((e) => reject(e, ...(problem.get(e) ?? problem.all))), mappings: [] };
  }
  const known = await lookupForEntries(ctx.store, teamId, entries);
  const team = known.team;
  if (!team || !team.enabled) {
    return { outcomes: entries.map((e) => reject(e, 404, 'TEAM_NOT_CONNECTED', MESSAGES.teamNotConnected)), mappings: [] };
  }
  const refused = modeRefusals(ctx.config, team, entries);
  if (refused) return { outcomes: entries.map((e) => reject(e, ...(refused.get(e) ?? refused.all))), mappings: [] };
  return decideTwoWay(ctx, { teamId, wfmTeamId: team.wfmTeamId, entries, deadline, known, record });
}

type Reason = [status: number, code: string, message: string];

/**
 * The checks that need no store: malformed items, expiry and unknown entity types (sync modes
 * need the team mapping and are checked once it is known). Returns each failing item's own reason and the one every other item gets.
 */
function firstProblem(ctx: WebhookContext, entries: Entry[], now: number): { get(e: Entry): Reason | undefined; all: Reason } | undefined {
  const own = new Map<Entry, Reason>();
  for (const e of entries) {
    if (!e.item) own.set(e, [400, 'INVALID_INPUT', MESSAGES.invalidItem]);
    else if (e.expiresAt !== undefined && e.expiresAt <= now) own.set(e, [408, 'RequestExpired', MESSAGES.expired]);
    // Inside the safety margin there is no time to hear the WFM's answer: never send it, so
    // the WFM cannot keep a change Shifts is told failed. Transient: a retry is decided afresh.
    else if (e.expiresAt !== undefined && e.expiresAt - ctx.config.deadline.marginMs <= now) own.set(e, [504, 'TOO_CLOSE_TO_EXPIRY', MESSAGES.timeout]);
    else if (!e.url.ok) {
      own.set(e, [400, 'UNKNOWN_ENTITY_TYPE', `Changes to "${e.url.segment || e.item.url}" are not supported by this integration.`]);
    }
  }
  const first = entries.map((e) => own.get(e)).find((r) => r !== undefined);
  return first ? { get: (e) => own.get(e), all: first } : undefined;
}

/** Records decisions, answers, mapping changes and alerts in one transaction; returns the rejection count. */
async function persist(
  ctx: WebhookContext,
  teamId: string,
  entries: Entry[],
  decided: { outcomes: Outcome[]; mappings: MappingWrite[] },
  latencyMs: number,
): Promise<number> {
  if (entries.length === 0) return 0;
  return ctx.store.transaction((tx) => persistIn(ctx, tx, teamId, entries, decided, latencyMs));
}

/** The body of `persist`, inside the caller's transaction. */
async function persistIn(
  ctx: WebhookContext,
  tx: Queryable,
  teamId: string,
  entries: Entry[],
  decided: { outcomes: Outcome[]; mappings: MappingWrite[] },
  latencyMs: number,
): Promise<number> {
  const at = new Date(ctx.now()).toISOString();
  for (const m of decided.mappings) {
    if (m.op === 'upsert') await upsertEntityMapping(tx, m.input);
    else await deleteEntityMapping(tx, m.teamId, m.entityType, m.wfmId);
  }
  const ids = await recordDecisions(
    tx,
    decisionRows(teamId, entries, decided.outcomes, latencyMs),
    { teamId, answers: answerRecords(entries, decided.outcomes) },
  );
  return emitRejectionAlerts(ctx, tx, teamId, entries, decided.outcomes, ids, at);
}

/** The audit rows of a request's answered items. */
export function decisionRows(teamId: string, entries: readonly Entry[], outcomes: readonly Outcome[], latencyMs: number): Array<NewDecision & { itemId: string }> {
  return entries.map((e, i) => {
    const o = outcomes[i]!;
    return {
      teamId,
      entityType: entityTypeOf(e),
      entityId: recordableId(entityIdOf(e) || e.id),
      operation: o.operation,
      actingUserId: o.actingUserId,
      decision: o.decision,
      status: o.response.status,
      ruleCode: o.response.body.error?.code ?? null,
      message: o.response.body.error?.message ?? null,
      latencyMs,
      transactionId: e.transactionId ?? null,
      itemId: recordableId(e.id),
      wfmId: o.wfmId,
    };
  });
}

/** One `change_rejected` alert per rejected item, in the caller's transaction; returns how many. */
export async function emitRejectionAlerts(
  ctx: WebhookContext,
  tx: Queryable,
  teamId: string,
  entries: readonly Entry[],
  outcomes: readonly Outcome[],
  decisionIds: readonly number[],
  at: string,
): Promise<number> {
  let rejected = 0;
  for (let i = 0; i < entries.length; i++) {
    const o = outcomes[i]!;
    if (o.decision !== 'rejected') continue;
    rejected++;
    const e = entries[i]!;
    await ctx.alerts.emit(tx, {
      kind: 'change_rejected',
      teamId,
      decisionId: String(decisionIds[i] ?? randomUUID()),
      entityType: entityTypeOf(e),
      entityId: recordableId(entityIdOf(e) || e.id),
      operation: o.operation,
      actingUserId: o.actingUserId,
      ruleCode: o.response.body.error?.code ?? 'UNKNOWN',
      message: o.response.body.error?.message ?? '',
      subject: o.subject ? { employeeName: await employeeName(tx, o.subject.employeeId), start: o.subject.start, end: o.subject.end } : null,
      occurredAt: at,
    });
  }
  return rejected;
}

/** The idempotency records of the answered items that carry a transaction id. */
export function answerRecords(entries: readonly Entry[], outcomes: readonly Outcome[]): Array<{ key: ItemKey; response: WfiResponseItem }> {
  return entries.flatMap((e, i) =>
    e.transactionId === undefined ? [] : [{ key: { transactionId: e.transactionId, itemId: e.id }, response: outcomes[i]!.response }],
  );
}

async function employeeName(q: Queryable, employeeId: string | null): Promise<string | null> {
  if (!employeeId) return null;
  const userId = await getUserIdForEmployee(q, employeeId);
  return userId ? ((await getUserMapping(q, userId))?.displayName ?? null) : null;
}
