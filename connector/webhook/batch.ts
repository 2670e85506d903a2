/**
 * Group commit of /update requests.
 *
 * Why: on the embedded store PGlite runs one statement at a time on this process's thread,
 * and each statement has a fixed cost far above its share of real work; on a PostgreSQL
 * server each commit waits for the disk. Requests that arrive while a batch is being written
 * wait in a queue; the next batch takes all of them and checks idempotency, looks up
 * mappings, validates and applies (`EmbeddedWfm.applyBatchWithin`) and records decisions,
 * answers, mappings and alerts with one set of statements and one commit. Nothing waits for
 * a timer: a lone request is a batch of one and goes straight through.
 *
 * Only the commonest shape takes this path: shift creations and edits that translate to
 * plain commands, with idempotency keys, not yet seen. Anything else (and every request of a
 * batch that fails unexpectedly, e.g. a deadlock with another instance) is handed back, and
 * `update.ts` answers it the regular way.
 */
import { YIELD_EVERY_ITEMS, yieldToEventLoop } from './deadline.ts';
import { deleteEntityMapping, entityLookupKey, upsertEntityMappings } from '../mappings/index.ts';
import type { Queryable } from '../store/index.ts';
import type { Result } from '../errors.ts';
import { isBatchable, type EmbeddedWfm, type BatchItem } from '../wfm/index.ts';
import type { CommandResult, WfmCommand, WfmError } from '../wfm/contract.ts';
import { buildOutcomes, commandKey, commandsOf, rejectAll, rejectionFor, requestActor, storeResolver, type Prefetched } from './apply.ts';
import type { WebhookContext } from './context.ts';
import { recordDecisions } from './decisions.ts';
import { existingKeys, teamItemKeyString } from './idempotency.ts';
import { lookupForEntries } from './lookup.ts';
import { modeRefusals } from './modes.ts';
import type { Entry, MappingWrite, Outcome } from './outcome.ts';
import { translateItem, type ItemPlan } from './translate.ts';
import { answerRecords, decisionRows, emitRejectionAlerts } from './update.ts';

/** More than this many waiting requests are split over several batches (bounded statements). */
const MAX_BATCH = 64;

export interface BatchRequest {
  teamId: string;
  entries: Entry[];
  /** `performance.now()` when the request arrived (recorded latency). */
  started: number;
  /** Epoch ms by which Shifts must have its answer. */
  deadline: number;
}

export interface UpdateBatcher {
  /** The request's outcomes, one per entry, once committed; undefined when it must take the regular path. */
  submit(request: BatchRequest): Promise<Outcome[] | undefined>;
}

interface Job extends BatchRequest {
  resolve(outcomes: Outcome[] | undefined): void;
}

/** A job that passed the checks and is part of the write. */
interface Planned {
  job: Job;
  wfmTeamId: string;
  known: Prefetched;
  plans: ItemPlan[];
  ranges: Array<{ start: number; end: number }>;
  commands: WfmCommand[];
}

/** The batcher, or undefined when the WFM does not share this store (an HTTP WFM). */
export function createUpdateBatcher(ctx: WebhookContext): UpdateBatcher | undefined {
  const wfm = ctx.wfm as Partial<Pick<EmbeddedWfm, 'applyBatchWithin'>>;
  if (typeof wfm.applyBatchWithin !== 'function') return undefined;
  const applyBatchWithin = wfm.applyBatchWithin.bind(wfm);
  const queue: Job[] = [];
  let busy = false;

  const next = () => {
    if (busy || queue.length === 0) return;
    busy = true;
    // After this turn's I/O: every request read in the meantime joins the batch.
    setImmediate(() => {
      const jobs = queue.splice(0, MAX_BATCH);
      void runBatch(ctx, applyBatchWithin, jobs)
        .catch((err: unknown) => {
          ctx.log.warn({ err, requests: jobs.length }, 'group commit failed; answering its requests one by one');
          return jobs.map(() => undefined);
        })
        .then((outcomes) => jobs.forEach((j, i) => j.resolve(outcomes[i])))
        .finally(() => {
          busy = false;
          next();
        });
    });
  };

  return {
    submit(request) {
      return new Promise((resolve) => {
        queue.push({ ...request, resolve });
        next();
      });
    },
  };
}

type ApplyBatchWithin = EmbeddedWfm['applyBatchWithin'];

/** One batch: returns each job's outcomes, or undefined for the jobs handed back. */
async function runBatch(ctx: WebhookContext, applyBatchWithin: ApplyBatchWithin, jobs: Job[]): Promise<Array<Outcome[] | undefined>> {
  const out = new Map<Job, Outcome[]>();
  const planned = await plan(ctx, jobs);
  if (planned.length === 0) return jobs.map(() => undefined);
  ctx.metrics.batchSize.observe(planned.length);

  // Each request's batch under its idempotency key, as the one-request path sends it, so a retry
  // that goes the regular way finds what this batch applied.
  const items: BatchItem[] = planned.map((p) => ({
    teamId: p.wfmTeamId,
    commands: p.commands,
    actor: requestActor(p.plans),
    ...commandKey(p.job.teamId, p.job.entries),
  }));
  const started = performance.now();
  let rejected = 0;
  const applied = await applyBatchWithin(ctx.store, items, async (q, results) => {
    const decided = await Promise.all(planned.map((p, i) => outcomesOf(ctx, q, p, results[i]!)));
    rejected = await record(ctx, q, planned, decided);
    planned.forEach((p, i) => out.set(p.job, decided[i]!.outcomes));
  });
  if (!applied) return jobs.map(() => undefined);
  const seconds = (performance.now() - started) / 1000;
  applied.forEach((r) => ctx.metrics.wfmApply.observe({ outcome: r.ok ? 'applied' : r.error.kind }, seconds));
  if (rejected > 0) ctx.alerts.notify();
  return jobs.map((j) => out.get(j));
}

/** The jobs the batch can take, translated; the others are left out (handed back). */
async function plan(ctx: WebhookContext, jobs: Job[]): Promise<Planned[]> {
  const now = ctx.now();
  const seen = new Set<string>();
  const keyOf = (teamId: string, e: Entry) => ({ teamId, key: { transactionId: e.transactionId!, itemId: e.id } });
  const recorded = await existingKeys(ctx.store, jobs.flatMap((j) => j.entries.map((e) => keyOf(j.teamId, e))));
  const fresh = jobs.filter((j) => {
    // Retries (a record exists) and duplicates within the batch get the regular path's replay.
    const keys = j.entries.map((e) => teamItemKeyString(keyOf(j.teamId, e)));
    if (now >= j.deadline || keys.some((k) => recorded.has(k) || seen.has(k))) return false;
    keys.forEach((k) => seen.add(k));
    return true;
  });

  const byTeam = new Map<string, Job[]>();
  for (const j of fresh) byTeam.set(j.teamId, [...(byTeam.get(j.teamId) ?? []), j]);
  const planned: Planned[] = [];
  for (const [teamId, teamJobs] of byTeam) {
    const known = await lookupForEntries(ctx.store, teamId, teamJobs.flatMap((j) => j.entries));
    if (!known.team?.enabled) continue;
    for (const job of teamJobs) {
      // A kind the team's sync mode refuses takes the regular path, which answers 403.
      if (modeRefusals(ctx.config, known.team, job.entries)) continue;
      const p = await translate(ctx, job, known.team.wfmTeamId, known);
      if (p) planned.push(p);
    }
  }
  return planned;
}

/** The job's plans and commands when all of them are plain batchable commands, else undefined. */
async function translate(ctx: WebhookContext, job: Job, wfmTeamId: string, known: Prefetched): Promise<Planned | undefined> {
  const ids = storeResolver(ctx.store, job.teamId, known);
  const plans: ItemPlan[] = [];
  for (const [n, e] of job.entries.entries()) {
    // A big request must not hold the event loop (health checks, other requests) until done.
    if (n > 0 && n % YIELD_EVERY_ITEMS === 0) await yieldToEventLoop();
    if (!e.url.ok || !e.item || e.url.entityType !== 'shift') return undefined;
    plans.push(await translateItem({ entityType: 'shift', entityId: e.url.entityId, method: e.item.method, body: e.item.body, partOfApproval: false }, ids));
  }
  if (plans.some((p) => p.action.type !== 'apply')) return undefined;
  const { commands, ranges } = commandsOf(plans);
  return isBatchable(commands) ? { job, wfmTeamId, known, plans, ranges, commands } : undefined;
}

/** What Shifts is told for one job, from the WFM's result (as `decideTwoWay` decides it). */
async function outcomesOf(
  ctx: WebhookContext,
  q: Queryable,
  p: Planned,
  result: Result<CommandResult[], WfmError>,
): Promise<{ outcomes: Outcome[]; mappings: MappingWrite[] }> {
  const { job } = p;
  if (!result.ok) return { outcomes: rejectAll(job.entries, p.plans, rejectionFor(result.error)), mappings: [] };
  const input = { teamId: job.teamId, wfmTeamId: p.wfmTeamId, entries: job.entries, deadline: job.deadline, known: p.known };
  return buildOutcomes(ctx, input, p.plans, p.ranges, result.value, storeResolver(q, job.teamId, p.known));
}

/** Mappings, decisions, answers and alerts of the whole batch, in its transaction; returns the rejections. */
async function record(ctx: WebhookContext, q: Queryable, planned: Planned[], decided: Array<{ outcomes: Outcome[]; mappings: MappingWrite[] }>): Promise<number> {
  const mappings = decided.flatMap((d) => d.mappings);
  const knownOf = new Map(planned.map((p) => [p.job.teamId, p.known]));
  await upsertEntityMappings(
    q,
    mappings.flatMap((m) => (m.op === 'upsert' ? [m.input] : [])),
    {
      // The batch looked every URL's Shifts id up: only a re-pointed one has an old row to drop.
      alreadyFree: (m) => {
        const prior = knownOf.get(m.teamId)?.entities.get(entityLookupKey(m.entityType, m.shiftsId));
        return !prior || prior.wfmId === m.wfmId;
      },
    },
  );
  for (const m of mappings) if (m.op === 'delete') await deleteEntityMapping(q, m.teamId, m.entityType, m.wfmId);
  const at = new Date(ctx.now()).toISOString();
  const rows = planned.flatMap((p, i) => decisionRows(p.job.teamId, p.job.entries, decided[i]!.outcomes, performance.now() - p.job.started));
  const ids = await recordDecisions(q, rows, {
    insert: planned.flatMap((p, i) => answerRecords(p.job.entries, decided[i]!.outcomes).map((a) => ({ teamId: p.job.teamId, ...a }))),
  });
  let rejected = 0;
  let offset = 0;
  for (const [i, p] of planned.entries()) {
    const outcomes = decided[i]!.outcomes;
    if (outcomes.some((o) => o.decision === 'rejected')) {
      rejected += await emitRejectionAlerts(ctx, q, p.job.teamId, p.job.entries, outcomes, ids.slice(offset, offset + outcomes.length), at);
    }
    offset += outcomes.length;
  }
  return rejected;
}
