/**
 * Two-way mode: translate the items of one /update request into WFM commands and apply them
 * atomically (a swap approval carries five items: all approved and applied, or all rejected
 * with the reason on each), within the answer deadline.
 */
import { createHash, randomUUID } from 'node:crypto';
import { entityLookupKey, getEmployeeIdForUser, getEntityMappingByShiftsId } from '../mappings/index.ts';
import type { Queryable } from '../store/index.ts';
import type { Result } from '../errors.ts';
import type { AndThen, EmbeddedWfm } from '../wfm/index.ts';
import { WFM_ERROR_STATUS, type Actor, type CommandOptions, type CommandResult, type WfmAdapter, type WfmCommand, type WfmEntityType, type WfmError } from '../wfm/contract.ts';
import type { WebhookContext } from './context.ts';
import { beforeDeadline, YIELD_EVERY_ITEMS, yieldToEventLoop } from './deadline.ts';
import type { lookupForEntries } from './lookup.ts';
import type { Entry, MappingWrite, Outcome } from './outcome.ts';
import { approvedItem, MESSAGES, rejectedItem } from './responses.ts';
import { isApprovalItem, translateItem, type IdResolver, type ItemPlan, type Rejection } from './translate.ts';

/**
 * A store-backed resolver with a per-request cache (a swap asks for the same ids twice),
 * seeded with what `lookupForEntries` already found (or found missing) in one query.
 */
export function storeResolver(q: Queryable, teamId: string, known?: Prefetched): IdResolver {
  const cache = new Map<string, Promise<unknown>>();
  if (known) {
    for (const userId of known.asked.userIds) cache.set(`u:${userId}`, Promise.resolve(known.employees.get(userId)));
    for (const { entityType, shiftsId } of known.asked.entities) {
      const m = known.entities.get(entityLookupKey(entityType, shiftsId));
      cache.set(`e:${entityType}:${shiftsId}`, Promise.resolve(m ? { wfmId: m.wfmId, version: m.wfmVersion } : undefined));
    }
  }
  const memo = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let hit = cache.get(key) as Promise<T> | undefined;
    if (!hit) cache.set(key, (hit = load()));
    return hit;
  };
  return {
    employeeForUser: (userId) => memo(`u:${userId}`, () => getEmployeeIdForUser(q, userId)),
    wfmEntity: (type, shiftsId) =>
      memo(`e:${type}:${shiftsId}`, async () => {
        const m = await getEntityMappingByShiftsId(q, teamId, type, shiftsId);
        return m ? { wfmId: m.wfmId, version: m.wfmVersion } : undefined;
      }),
  };
}

/** What the one-query lookup of a request found. */
export type Prefetched = Awaited<ReturnType<typeof lookupForEntries>>;

const COMMAND_ENTITY: Record<CommandResult['entityType'], WfmEntityType> = {
  shift: 'shift',
  openShift: 'openShift',
  timeOff: 'timeOff',
  request: 'request',
};

export interface TwoWayInput {
  /** Teams team id (mappings are per Teams team). */
  teamId: string;
  wfmTeamId: string;
  entries: Entry[];
  deadline: number;
  /** The request's mappings, looked up in one query before translating. */
  known?: Prefetched;
  /** Records outcomes in the caller's transaction; lets an embedded WFM on our store commit them with the change. */
  record?: (q: Queryable, decided: TwoWayResult) => Promise<void>;
}

export interface TwoWayResult {
  outcomes: Outcome[];
  mappings: MappingWrite[];
  /** True when the outcomes were already recorded (with the change, in its transaction). */
  recorded?: boolean;
}

/** Rejects every entry of the request with the same reason (atomicity). */
export function rejectAll(entries: Entry[], plans: Array<ItemPlan | undefined>, r: Rejection): Outcome[] {
  return entries.map((e, i) => ({
    response: rejectedItem(e.id, r.status, r.code, r.message),
    decision: 'rejected' as const,
    operation: plans[i]?.operation ?? 'update',
    actingUserId: plans[i]?.actor.userId ?? null,
    wfmId: null,
    subject: plans[i]?.subject ?? null,
  }));
}

/** One command list for the whole request, and which commands belong to which item. */
export function commandsOf(plans: readonly ItemPlan[]): { commands: WfmCommand[]; ranges: Array<{ start: number; end: number }> } {
  const commands: WfmCommand[] = [];
  const ranges = plans.map((p) => {
    const start = commands.length;
    if (p.action.type === 'apply') commands.push(...p.action.commands);
    return { start, end: commands.length };
  });
  return { commands, ranges };
}

/** What Shifts is told when the WFM refuses or cannot be reached. */
export function rejectionFor(e: WfmError): Rejection {
  const message = e.kind === 'unavailable' ? MESSAGES.unreachable : e.message;
  const code = e.kind === 'unavailable' && !e.code ? 'WFM_UNAVAILABLE' : e.code;
  return { status: WFM_ERROR_STATUS[e.kind], code, message };
}

/** The actor of the whole request: a manager when one acts, else the first person. */
export function requestActor(plans: ItemPlan[]): Actor {
  return (
    plans.find((p) => p.actor.role === 'manager' && p.action.type === 'apply')?.actor ??
    plans.find((p) => p.actor.role !== 'system' && p.action.type === 'apply')?.actor ??
    plans[0]?.actor ?? { employeeId: null, role: 'system', userId: null }
  );
}

export async function decideTwoWay(ctx: WebhookContext, input: TwoWayInput): Promise<TwoWayResult> {
  const { entries, teamId } = input;
  const ids = storeResolver(ctx.store, teamId, input.known);
  const approval = entries.some((e) => e.url.ok && e.item && isApprovalItem(e.url.entityType, e.item.method, e.item.body));
  const plans: ItemPlan[] = [];
  for (const [n, e] of entries.entries()) {
    // A big request must not hold the event loop (health checks, other requests) until done.
    if (n > 0 && n % YIELD_EVERY_ITEMS === 0) await yieldToEventLoop();
    // Entries reaching here have a valid item and a known entity type (checked by the caller).
    plans.push(
      await translateItem(
        { entityType: e.url.ok ? e.url.entityType : 'shift', entityId: e.url.ok ? e.url.entityId : '', method: e.item!.method, body: e.item!.body, partOfApproval: approval },
        ids,
      ),
    );
  }
  const firstRejection = plans.find((p) => p.action.type === 'reject')?.action;
  if (firstRejection?.type === 'reject') {
    return {
      outcomes: entries.map((e, i) => {
        const own = plans[i]!.action;
        const r = own.type === 'reject' ? own.rejection : firstRejection.rejection;
        return rejectAll([e], [plans[i]], r)[0]!;
      }),
      mappings: [],
    };
  }

  const { commands, ranges } = commandsOf(plans);

  const actor = requestActor(plans);
  // The deadline travels with the command, so the WFM never applies what Shifts was told
  // failed; the key lets a retry learn (and replay) what an earlier attempt did.
  const control: CommandOptions = { notAfter: new Date(input.deadline).toISOString(), ...commandKey(teamId, entries) };
  // With the embedded WFM on our own store, the change and our records of it (decision,
  // mapping, answer) commit in one transaction. Only when every item is a plain command: the
  // other kinds look things up in the store afterwards, which must not happen inside it.
  const within = input.record && plans.every((p) => p.action.type === 'apply') ? sharedApply(ctx) : undefined;
  let recorded: TwoWayResult | undefined;
  let results: CommandResult[] = [];
  if (commands.length > 0) {
    const started = performance.now();
    const call =
      within && input.record
        ? within(input.wfmTeamId, commands, actor, control, async (q, res) => {
            // Shifts was already told 504: roll the change back rather than keep it silently.
            if (ctx.now() >= input.deadline) throw new AnsweredTooLate();
            const built = await buildOutcomes(ctx, input, plans, ranges, res, ids);
            await input.record!(q, built);
            recorded = built;
          })
        : undefined;
    const applying = (call ?? ctx.wfm.apply(input.wfmTeamId, commands, actor, control)).catch((err: unknown) => {
      if (!(err instanceof AnsweredTooLate)) ctx.log.error({ err, teamId }, 'WFM adapter failed while applying a Shifts change');
      return { ok: false as const, error: { kind: 'unavailable' as const, code: 'WFM_UNAVAILABLE', message: MESSAGES.unreachable } };
    });
    const outcome = await beforeDeadline(applying, input.deadline, ctx.now);
    const seconds = (performance.now() - started) / 1000;
    if (outcome.timedOut) {
      ctx.metrics.wfmApply.observe({ outcome: 'timeout' }, seconds);
      ctx.log.warn({ teamId }, 'WFM did not answer before the Shifts deadline; answered 504 in-body');
      // The WFM call cannot be recalled: if it still succeeds, the WFM (the system of record)
      // has a change Shifts was told failed. Say so loudly; the change feed carries it.
      void applying.then((late) => {
        if (late.ok) ctx.log.warn({ teamId, results: late.value }, 'WFM applied a Shifts change after the webhook answered 504');
      });
      return { outcomes: rejectAll(entries, plans, { status: 504, code: 'WFM_TIMEOUT', message: MESSAGES.timeout }), mappings: [] };
    }
    const applied = outcome.value;
    ctx.metrics.wfmApply.observe({ outcome: applied.ok ? 'applied' : applied.error.kind }, seconds);
    if (!applied.ok) return { outcomes: rejectAll(entries, plans, rejectionFor(applied.error)), mappings: [] };
    if (recorded) return { ...recorded, recorded: true };
    results = applied.value;
  }
  return buildOutcomes(ctx, input, plans, ranges, results, ids);
}

/** Thrown inside the shared transaction when the answer deadline passed: rolls everything back. */
class AnsweredTooLate extends Error {
  constructor() {
    super('the webhook answered before the WFM finished');
    this.name = 'AnsweredTooLate';
  }
}

type WithinApply = (
  wfmTeamId: string,
  commands: WfmCommand[],
  actor: Actor,
  control: CommandOptions,
  andThen: AndThen,
) => Promise<Result<CommandResult[], WfmError>> | undefined;

/**
 * The WFM idempotency key of a request's command batch: the same Shifts transaction and items
 * always give the same key, so a retry after a timeout or a crash is recognised by the WFM.
 * No key when an item has no transaction id (Shifts cannot retry it as the same change).
 */
export function commandKey(teamId: string, entries: readonly Entry[]): { idempotencyKey?: string } {
  if (entries.some((e) => e.transactionId === undefined)) return {};
  const parts = entries.map((e) => `${e.transactionId}\u0000${e.id}`).sort();
  const hash = createHash('sha256').update([teamId, ...parts].join('\u0001')).digest('base64url');
  return { idempotencyKey: `wfi-${hash}` };
}

/** `applyWithin` of an embedded WFM writing to this very store, else undefined. */
function sharedApply(ctx: WebhookContext): WithinApply | undefined {
  const wfm = ctx.wfm as WfmAdapter & Partial<Pick<EmbeddedWfm, 'applyWithin'>>;
  const applyWithin = wfm.applyWithin;
  if (typeof applyWithin !== 'function') return undefined;
  return (wfmTeamId, commands, actor, control, andThen) => applyWithin.call(wfm, ctx.store, wfmTeamId, commands, actor, andThen, control);
}

/** Approved outcomes and mapping writes for the items, from the WFM's results. */
export async function buildOutcomes(
  ctx: WebhookContext,
  input: TwoWayInput,
  plans: ItemPlan[],
  ranges: Array<{ start: number; end: number }>,
  results: CommandResult[],
  ids: IdResolver,
): Promise<TwoWayResult> {
  const { entries, teamId } = input;
  const mappings: MappingWrite[] = [];
  const outcomes: Outcome[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (i > 0 && i % YIELD_EVERY_ITEMS === 0) await yieldToEventLoop();
    const e = entries[i]!;
    const plan = plans[i]!;
    const mine = results.slice(ranges[i]!.start, ranges[i]!.end);
    const last = mine[mine.length - 1];
    let eTag: string | null = last?.version ?? null;
    let wfmId: string | null = last?.id ?? null;
    for (const r of mine) {
      const entityType = COMMAND_ENTITY[r.entityType];
      if (r.op === 'deleted') mappings.push({ op: 'delete', teamId, entityType, wfmId: r.id });
      else if (e.url.ok) {
        mappings.push({ op: 'upsert', input: { teamId, entityType, wfmId: r.id, shiftsId: e.url.entityId, wfmVersion: r.version } });
      }
    }
    if (plan.action.type === 'effect') {
      const found = await findEffect(ctx, input.wfmTeamId, plan.action);
      if (found && e.url.ok) {
        eTag = found.version;
        wfmId = found.id;
        mappings.push({
          op: 'upsert',
          input: { teamId, entityType: plan.action.wfmEntityType, wfmId: found.id, shiftsId: e.url.entityId, wfmVersion: found.version },
        });
      }
    } else if (plan.action.type === 'noop' && plan.action.wfmEntityType && e.url.ok) {
      const m = await ids.wfmEntity(plan.action.wfmEntityType, e.url.entityId);
      eTag = m?.version ?? null;
      wfmId = m?.wfmId ?? null;
    }
    outcomes.push({
      response: approvedItem(e.id, eTag ?? randomUUID()),
      decision: 'approved',
      operation: plan.operation,
      actingUserId: plan.actor.userId,
      wfmId,
      subject: plan.subject,
    });
  }
  return { outcomes, mappings };
}

/**
 * The WFM entity an approval produced for a shift / time off Shifts created alongside it:
 * same employee, same start and end. Undefined when the WFM has no such entity (logged).
 */
async function findEffect(
  ctx: WebhookContext,
  wfmTeamId: string,
  effect: { wfmEntityType: 'shift' | 'timeOff'; employeeId: string; start: string; end: string },
): Promise<{ id: string; version: string } | undefined> {
  const window = { start: effect.start, end: effect.end };
  const listed = effect.wfmEntityType === 'shift' ? await ctx.wfm.listShifts(wfmTeamId, window) : await ctx.wfm.listTimesOff(wfmTeamId, window);
  if (!listed.ok) {
    ctx.log.warn({ wfmTeamId, code: listed.error.code }, 'could not look up the entity an approval produced');
    return undefined;
  }
  const same = (a: string, b: string) => Date.parse(a) === Date.parse(b);
  const hit = (listed.value as Array<{ id: string; version: string; employeeId: string; start: string; end: string }>).find(
    (x) => x.employeeId === effect.employeeId && same(x.start, effect.start) && same(x.end, effect.end),
  );
  if (!hit) ctx.log.warn({ wfmTeamId, entity: effect.wfmEntityType }, 'no WFM entity matches what the approval produced in Shifts');
  return hit ? { id: hit.id, version: hit.version } : undefined;
}
