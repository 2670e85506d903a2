/**
 * One sync run of one team. Full runs (initial, reconcile, `--full`) diff the whole window
 * both ways; incremental runs apply the WFM change feed from the team's cursor, then retry
 * failures that are due. Either way only entities whose content hash changed are written,
 * and updates are PUTs in place.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, GraphCallError } from '../graph/index.ts';
import { deleteEntityMapping, effectiveModes, getEntityMappingByWfmId, getTeamMapping, listEntityMappings, listUserMappings, type GlobalSyncMode, type SyncEntityKind, type TeamMapping } from '../mappings/index.ts';
import type { WfmAdapter, WfmChange, WfmRequest } from '../wfm/contract.ts';
import { jobToGraph, reasonToGraph, type MapContext } from './entities.ts';
import { dueFailures, listFailures } from './failures.ts';
import { asGraphError, desiredOf, inWindow, listAllOf, listShifts, listWfm, SCHEDULE_TYPES, syncWindow, wfmFailure, type ScheduleEntity, type ScheduleType } from './load.ts';
import { planChange, planFull, type Desired, type Mapped, type PlannedOp } from './plan.ts';
import { failStaleRuns, getRun, transitionRun, type RunKind, type RunRecord } from './runs.ts';
import { syncRequestDecisions, type DecisionsSent } from './requests.ts';
import { addCount } from './runs.ts';
import { ensureSchedule, scheduleSettingsFor } from './schedule.ts';
import { finishTeamRun, getTeamState, leaseOwner, releaseLease, saveCursor, tryLease } from './state.ts';
import { executePlan, type RunTally, type WriterDeps } from './writer.ts';

export interface EngineConfig {
  wfiId: string;
  windowDays: number;
  /** Write drafts and share once per team and window (one notification instead of one per item). */
  drafts: boolean;
  notifyTeam: boolean;
  /** Reconcile deletes active Shifts items in the window that no WFM item accounts for. */
  removeUnmanaged: boolean;
  /** How long a run's lease lasts before another instance may take the team over. */
  leaseMs: number;
  /** The deployment's SYNC_MODE, which a team's per-kind modes override. */
  globalMode: GlobalSyncMode;
}

export interface EngineDeps extends WriterDeps {
  adapter: WfmAdapter;
  clock: Clock;
  config: EngineConfig;
  /** This instance, for leases. */
  instanceId: string;
}

export interface RunRequest {
  runId: string;
  teamId: string;
  kind: RunKind;
  full: boolean;
  /** Retry just these failures (on-demand retry). */
  failureIds?: string[];
  /** Writes done and planned so far (CLI progress bar). */
  onProgress?: (done: number, planned: number) => void;
}

/** Thrown into a running sync when the app shuts down; the next run resumes the work. */
export class EngineStoppingError extends Error {
  constructor() {
    super('the sync engine is stopping');
    this.name = 'EngineStoppingError';
  }
}

/** Id of the default scheduling group for WFM items without a job. */
export const DEFAULT_GROUP_ID = '_unassigned';
const FEED_PAGE = 500;

/** Runs one sync; resolves with the finished run record. Never runs a team twice at once. */
export async function runTeamSync(deps: EngineDeps, req: RunRequest): Promise<RunRecord> {
  const { store } = deps;
  const owner = leaseOwner(deps.instanceId, req.runId);
  const leaseFor = { runId: req.runId, kind: req.kind, full: req.full };
  if (!(await tryLease(store, req.teamId, owner, deps.config.leaseMs, leaseFor))) {
    await transitionRun(store, req.runId, 'failed', { error: 'another run of this team is in progress' });
    return (await getRun(store, req.runId))!;
  }
  // The heartbeat: renewed at a third of the lease, so two missed beats still keep it.
  const renew = setInterval(() => {
    tryLease(store, req.teamId, owner, deps.config.leaseMs).then(
      (held) => {
        if (!held) deps.log.warn({ teamId: req.teamId, runId: req.runId }, 'sync run lost its lease (not renewed in time); another instance may take the team over');
      },
      (err: unknown) => deps.log.warn({ err, teamId: req.teamId }, 'could not renew the sync lease'),
    );
  }, Math.max(500, deps.config.leaseMs / 3));
  renew.unref();
  const tally: RunTally = {
    counts: {},
    fixed: [],
    failed: 0,
    scheduleWrites: 0,
    planned: 0,
    done: 0,
    // Counts are written as the run goes, so a run whose process dies still tells what it wrote.
    onProgress: async (done, planned) => {
      req.onProgress?.(done, planned);
      await store
        .query(`UPDATE sync_runs SET progress = $2::jsonb, counts = $3::jsonb WHERE id = $1 AND state = 'running'`, [req.runId, JSON.stringify({ done, planned }), JSON.stringify(tally.counts)])
        .catch((err: unknown) => deps.log.warn({ err, runId: req.runId }, 'could not record sync progress'));
    },
  };
  try {
    await transitionRun(store, req.runId, 'running');
    await failStaleRuns(store, req.teamId, req.runId);
    const team = await getTeamMapping(store, req.teamId);
    if (!team || !team.enabled) {
      await transitionRun(store, req.runId, 'failed', { error: `team ${req.teamId} is not mapped or not enabled` });
      return (await getRun(store, req.runId))!;
    }
    const state = await getTeamState(store, req.teamId);
    const full = req.full || req.kind === 'initial' || req.kind === 'reconcile' || state.initializedAt === null;
    const kind: RunKind = state.initializedAt === null && req.kind !== 'manual' ? 'initial' : req.kind;
    const outcome = full ? await fullRun(deps, team, kind, tally) : await incrementalRun(deps, team, state.feedCursor, req.failureIds, tally);
    if (!outcome.ok) {
      await finishTeamRun(store, req.teamId, { full: false, initialized: false, health: 'failing', healthReason: outcome.error.message });
      await transitionRun(store, req.runId, 'failed', { counts: tally.counts, fixed: tally.fixed, error: `${outcome.error.code}: ${outcome.error.message}`, kind });
      return (await getRun(store, req.runId))!;
    }
    if (deps.config.drafts && tally.scheduleWrites > 0) {
      const w = syncWindow(deps.clock.now(), team.timeZone, deps.config.windowDays);
      const shared = await deps.graph.request({
        method: 'POST',
        path: `/teams/${encodeURIComponent(team.teamId)}/schedule/share`,
        teamId: team.teamId,
        body: { notifyTeam: deps.config.notifyTeam, startDateTime: w.start, endDateTime: w.end },
      });
      if (!shared.ok) tally.failed++;
    }
    const open = await listFailures(store, { teamIds: [req.teamId], state: ['open', 'retrying'] });
    const health = open.length === 0 ? 'healthy' : 'degraded';
    const reason = open.length === 0 ? null : `${open.length} ${open.length === 1 ? 'entity does' : 'entities do'} not sync (${[...new Set(open.map((f) => f.errorCode))].slice(0, 3).join(', ')})`;
    await finishTeamRun(store, req.teamId, { full, initialized: true, health, healthReason: reason, cursor: outcome.value.cursor });
    await transitionRun(store, req.runId, tally.failed > 0 ? 'partial' : 'succeeded', { counts: tally.counts, fixed: tally.fixed, kind });
    return (await getRun(store, req.runId))!;
  } catch (e) {
    if (e instanceof EngineStoppingError) deps.log.info({ teamId: req.teamId }, 'sync run interrupted by shutdown; the next run resumes it');
    else deps.log.error({ err: e, teamId: req.teamId }, 'sync run crashed');
    await finishTeamRun(store, req.teamId, { full: false, initialized: false, health: 'failing', healthReason: (e as Error).message }).catch(() => undefined);
    await transitionRun(store, req.runId, 'failed', { counts: tally.counts, fixed: tally.fixed, error: (e as Error).message }).catch(() => undefined);
    return (await getRun(store, req.runId))!;
  } finally {
    clearInterval(renew);
    await releaseLease(store, req.teamId, owner).catch(() => undefined);
  }
}

type Outcome = { ok: true; value: { cursor: string | null } } | { ok: false; error: GraphCallError };

interface TeamContext {
  ctx: MapContext;
  names: Map<string, string>;
  refresh(): Promise<void>;
}

async function teamContext(deps: EngineDeps, team: TeamMapping): Promise<TeamContext> {
  const users = new Map<string, string>();
  const groups = new Map<string, string>();
  const reasons = new Map<string, string>();
  const names = new Map<string, string>();
  const refresh = async () => {
    users.clear();
    groups.clear();
    reasons.clear();
    for (const u of await listUserMappings(deps.store)) users.set(u.wfmEmployeeId, u.userId);
    for (const m of await listEntityMappings(deps.store, team.teamId, 'job')) groups.set(m.wfmId, m.shiftsId);
    for (const m of await listEntityMappings(deps.store, team.teamId, 'timeOffReason')) reasons.set(m.wfmId, m.shiftsId);
  };
  await refresh();
  const employees = await deps.adapter.listEmployees(team.wfmTeamId);
  if (employees.ok) for (const e of employees.value) names.set(e.id, e.displayName);
  return {
    names,
    refresh,
    ctx: {
      drafts: deps.config.drafts,
      userIdFor: (id) => users.get(id),
      groupIdFor: (jobId) => groups.get(jobId ?? DEFAULT_GROUP_ID),
      reasonIdFor: (id) => reasons.get(id),
    },
  };
}

const mapped = async (deps: EngineDeps, teamId: string, type: string): Promise<Mapped[]> =>
  (await listEntityMappings(deps.store, teamId, type as never)).map((m) => ({ wfmId: m.wfmId, shiftsId: m.shiftsId, contentHash: m.contentHash }));

/** Scheduling groups from WFM jobs (plus one for items without a job, when needed). */
async function syncGroups(deps: EngineDeps, team: TeamMapping, tc: TeamContext, needDefault: boolean, tally: RunTally): Promise<Outcome> {
  const jobs = await deps.adapter.listJobs(team.wfmTeamId);
  if (!jobs.ok) return asGraphError(jobs) as Outcome;
  const employees = await deps.adapter.listEmployees(team.wfmTeamId);
  if (!employees.ok) return asGraphError(employees) as Outcome;
  const list = [...jobs.value];
  const existing = await mapped(deps, team.teamId, 'job');
  if (needDefault || existing.some((m) => m.wfmId === DEFAULT_GROUP_ID)) {
    list.push({ id: DEFAULT_GROUP_ID, teamId: team.wfmTeamId, name: 'Team', employeeIds: employees.value.map((e) => e.id) });
  }
  const desired: Desired[] = list.map((j) => ({ wfmId: j.id, version: null, body: jobToGraph(j, tc.ctx), error: null, subject: null }));
  const observed = await listAllOf(deps.graph, 'job', team.teamId);
  if (!observed.ok) return observed;
  await executePlan(deps, team.teamId, planFull('job', desired, existing, observed.value, { windowed: false, removeUnmanaged: false }), tally);
  return { ok: true, value: { cursor: null } };
}

async function syncReasons(deps: EngineDeps, team: TeamMapping, tally: RunTally): Promise<Outcome> {
  const reasons = await deps.adapter.listTimeOffReasons(team.wfmTeamId);
  if (!reasons.ok) return asGraphError(reasons) as Outcome;
  const desired: Desired[] = reasons.value.map((r) => ({ wfmId: r.id, version: null, body: reasonToGraph(r), error: null, subject: null }));
  const observed = await listAllOf(deps.graph, 'timeOffReason', team.teamId);
  if (!observed.ok) return observed;
  await executePlan(deps, team.teamId, planFull('timeOffReason', desired, await mapped(deps, team.teamId, 'timeOffReason'), observed.value, { windowed: false, removeUnmanaged: false }), tally);
  return { ok: true, value: { cursor: null } };
}

/** Pages the change feed to its end; the cursor where an incremental run continues after a snapshot. */
async function feedEnd(adapter: WfmAdapter, from: string | null): Promise<{ ok: true; cursor: string | null } | { ok: false; error: GraphCallError }> {
  let cursor = from;
  for (;;) {
    const page = await adapter.changesSince(cursor, FEED_PAGE);
    if (!page.ok) return { ok: false, error: wfmFailure(page.error) };
    cursor = page.value.cursor;
    if (!page.value.hasMore) return { ok: true, cursor };
  }
}

type DiffOptions = { removeUnmanaged: boolean; onlyWfmIds?: Set<string>; prefetched?: Map<ScheduleType, ScheduleEntity[]> };

/** Diffs schedule items of the given types (optionally just some WFM ids). */
async function syncScheduleTypes(deps: EngineDeps, team: TeamMapping, tc: TeamContext, types: readonly ScheduleType[], tally: RunTally, opts: DiffOptions): Promise<Outcome> {
  for (const type of types) {
    const plan = await planScheduleType(deps, team, tc, type, opts);
    if (!plan.ok) return plan;
    await executePlan(deps, team.teamId, plan.value, tally);
  }
  return { ok: true, value: { cursor: null } };
}

/**
 * The plan for one type. Its own function so that both sides of the window (WFM items, Shifts
 * items, desired bodies) are garbage once it returns: the throttled writes that follow take
 * M / 4 seconds per team and keep only the plan alive, not the window twice over.
 */
async function planScheduleType(
  deps: EngineDeps,
  team: TeamMapping,
  tc: TeamContext,
  type: ScheduleType,
  opts: DiffOptions,
): Promise<{ ok: true; value: PlannedOp[] } | { ok: false; error: GraphCallError }> {
  const w = syncWindow(deps.clock.now(), team.timeZone, deps.config.windowDays);
  let wfm = opts.prefetched?.get(type);
  // The caller's snapshot of this type is used once: drop it so it does not outlive the diff.
  opts.prefetched?.delete(type);
  if (!wfm) {
    const r = await listWfm(deps.adapter, type, team.wfmTeamId, w);
    if (!r.ok) return asGraphError(r) as { ok: false; error: GraphCallError };
    wfm = r.value;
  }
  const observed = await listShifts(deps.graph, type, team.teamId, w, deps.config.drafts);
  if (!observed.ok) return observed;
  let desired = wfm.map((e) => desiredOf(type, e, tc.ctx, tc.names));
  let mappings = await mapped(deps, team.teamId, type);
  if (opts.onlyWfmIds) {
    const only = opts.onlyWfmIds;
    desired = desired.filter((d) => only.has(d.wfmId));
    mappings = mappings.filter((m) => only.has(m.wfmId) || desired.some((d) => d.wfmId === m.wfmId));
  }
  const plan = planFull(type, desired, mappings, observed.value, { windowed: true, removeUnmanaged: opts.removeUnmanaged && !opts.onlyWfmIds });
  return { ok: true, value: opts.onlyWfmIds ? plan.filter((p) => p.op !== 'forget') : plan };
}

async function fullRun(deps: EngineDeps, team: TeamMapping, kind: RunKind, tally: RunTally): Promise<Outcome> {
  const state = await getTeamState(deps.store, team.teamId);
  const settings = scheduleSettingsFor(effectiveModes(deps.config.globalMode, team.syncModes));
  const schedule = await ensureSchedule(deps.graph, team.teamId, { wfiId: deps.config.wfiId, timeZone: team.timeZone, clock: deps.clock, settings });
  if (!schedule.ok) return schedule;
  if (schedule.value.healed.length > 0) {
    // Someone changed the schedule's request buttons away from the team's modes: put back, and say so.
    addCount(tally.counts, 'scheduleSetting', 'updated', schedule.value.healed.length);
    deps.log.warn({ teamId: team.teamId, settings: schedule.value.healed }, 'schedule settings differed from the sync modes and were put back');
  }
  // Snapshot point: changes after it are replayed by the next incremental run (idempotently).
  const end = await feedEnd(deps.adapter, state.feedCursor);
  if (!end.ok) return end;
  const w = syncWindow(deps.clock.now(), team.timeZone, deps.config.windowDays);
  const prefetched = new Map<ScheduleType, ScheduleEntity[]>();
  for (const type of SCHEDULE_TYPES) {
    const r = await listWfm(deps.adapter, type, team.wfmTeamId, w);
    if (!r.ok) return asGraphError(r) as Outcome;
    prefetched.set(type, r.value);
  }
  const needDefault = [...(prefetched.get('shift') ?? []), ...(prefetched.get('openShift') ?? [])].some((e) => 'jobId' in e && e.jobId === null);
  const tc = await teamContext(deps, team);
  const groups = await syncGroups(deps, team, tc, needDefault, tally);
  if (!groups.ok) return groups;
  const reasons = await syncReasons(deps, team, tally);
  if (!reasons.ok) return reasons;
  await tc.refresh();
  const requests = await deps.adapter.listRequests(team.wfmTeamId, w);
  if (!requests.ok) return asGraphError(requests) as Outcome;
  await forgetReplacedShifts(deps, team, await decide(deps, team, requests.value, tally));
  const items = await syncScheduleTypes(deps, team, tc, syncedTypes(deps, team), tally, { removeUnmanaged: deps.config.removeUnmanaged && kind !== 'initial', prefetched });
  if (!items.ok) return items;
  return { ok: true, value: { cursor: end.cursor } };
}

async function incrementalRun(deps: EngineDeps, team: TeamMapping, cursor: string | null, failureIds: string[] | undefined, tally: RunTally): Promise<Outcome> {
  const tc = await teamContext(deps, team);
  const w = syncWindow(deps.clock.now(), team.timeZone, deps.config.windowDays);
  let pos = cursor;
  if (!failureIds) {
    for (;;) {
      const page = await deps.adapter.changesSince(pos, FEED_PAGE);
      if (!page.ok) return asGraphError(page) as Outcome;
      const mine = page.value.changes.filter((c) => c.teamId === team.wfmTeamId && c.origin === 'wfm');
      const applied = await applyChanges(deps, team, tc, mine, w, tally);
      if (!applied.ok) return applied;
      await recordLag(deps, team.teamId, mine);
      pos = page.value.cursor;
      // Saved per page: after a crash the run resumes here, and replays are idempotent.
      await saveCursor(deps.store, team.teamId, pos);
      if (!page.value.hasMore) break;
    }
  }
  const due = failureIds ? (await listFailures(deps.store, { teamIds: [team.teamId], state: ['open', 'retrying'] })).filter((f) => failureIds.includes(f.id)) : await dueFailures(deps.store, team.teamId);
  if (due.length > 0) {
    if (due.some((f) => f.entityType === 'job')) {
      const r = await syncGroups(deps, team, tc, false, tally);
      if (!r.ok) return r;
    }
    if (due.some((f) => f.entityType === 'timeOffReason')) {
      const r = await syncReasons(deps, team, tally);
      if (!r.ok) return r;
    }
    await tc.refresh();
    const decisions = new Set(due.filter((f) => f.entityType === 'request' && f.wfmId).map((f) => f.wfmId!));
    if (decisions.size > 0) {
      // Retry the decisions first, so their Shifts effects are adopted by the retries below.
      const requests = await deps.adapter.listRequests(team.wfmTeamId, w);
      if (!requests.ok) return asGraphError(requests) as Outcome;
      const replaced = await forgetReplacedShifts(deps, team, await decide(deps, team, requests.value.filter((r) => decisions.has(r.id)), tally));
      if (replaced.size > 0) {
        const r = await syncScheduleTypes(deps, team, tc, ['shift'], tally, { removeUnmanaged: false, onlyWfmIds: replaced });
        if (!r.ok) return r;
      }
    }
    for (const type of SCHEDULE_TYPES) {
      const mine = due.filter((f) => f.entityType === type);
      const withWfm = new Set(mine.map((f) => f.wfmId).filter((id): id is string => !!id));
      if (withWfm.size > 0) {
        const r = await syncScheduleTypes(deps, team, tc, [type], tally, { removeUnmanaged: false, onlyWfmIds: withWfm });
        if (!r.ok) return r;
      }
      // Removals of Shifts items the WFM does not know: retry the delete itself.
      const removals: PlannedOp[] = mine.filter((f) => !f.wfmId && f.shiftsId).map((f) => ({ op: 'delete', type, wfmId: null, shiftsId: f.shiftsId!, fix: 'removed' }));
      if (removals.length > 0) await executePlan(deps, team.teamId, removals, tally);
    }
  }
  return { ok: true, value: { cursor: pos } };
}

/** Applies one page of this team's WFM-originated changes. */
async function applyChanges(deps: EngineDeps, team: TeamMapping, tc: TeamContext, changes: WfmChange[], w: { start: string; end: string }, tally: RunTally): Promise<Outcome> {
  // Only the last change per entity matters within a page.
  const latest = new Map<string, WfmChange>();
  for (const c of changes) latest.set(`${c.entityType}:${c.id}`, c);
  const all = [...latest.values()];
  const needsGroups = all.some((c) => c.entityType === 'job' || c.entityType === 'employee');
  const needsDefault = all.some((c) => (c.entityType === 'shift' || c.entityType === 'openShift') && c.op !== 'deleted' && c.entity.jobId === null && !tc.ctx.groupIdFor(null));
  if (needsGroups || needsDefault) {
    const r = await syncGroups(deps, team, tc, needsDefault, tally);
    if (!r.ok) return r;
  }
  if (all.some((c) => c.entityType === 'timeOffReason')) {
    const r = await syncReasons(deps, team, tally);
    if (!r.ok) return r;
  }
  if (needsGroups || needsDefault || all.some((c) => c.entityType === 'timeOffReason')) await tc.refresh();

  const decided = await decide(deps, team, all.flatMap((c) => (c.entityType === 'request' && c.op !== 'deleted' ? [c.entity] : [])), tally);
  const replaced = await forgetReplacedShifts(deps, team, decided);

  const ops: PlannedOp[] = [];
  const intents = new Set(
    (await deps.store.query<{ entity_type: string; wfm_id: string }>(`SELECT entity_type, wfm_id FROM sync_intents WHERE team_id = $1`, [team.teamId])).map((r) => `${r.entity_type}:${r.wfm_id}`),
  );
  const adoptionCheck = new Map<ScheduleType, Set<string>>();
  const synced = syncedTypes(deps, team);
  for (const c of all) {
    if (c.entityType !== 'shift' && c.entityType !== 'openShift' && c.entityType !== 'timeOff') continue;
    if (!synced.includes(c.entityType)) continue;
    const type = c.entityType;
    const m = await getEntityMappingByWfmId(deps.store, team.teamId, type, c.id);
    const mapping = m ? { wfmId: m.wfmId, shiftsId: m.shiftsId, contentHash: m.contentHash } : undefined;
    if (!mapping && (c.op === 'deleted' || !inWindow(c.entity.start, c.entity.end, w))) continue;
    if ((!mapping && intents.has(`${type}:${c.id}`)) || (decided.approved.length > 0 && c.op !== 'deleted') || replaced.has(c.id)) {
      // Also when Shifts applied an approval of this page itself: adopt its items, never copy them.
      // A create of this entity may have reached Shifts before a crash: look before creating.
      (adoptionCheck.get(type) ?? adoptionCheck.set(type, new Set()).get(type)!).add(c.id);
      continue;
    }
    const op = planChange(type, { op: c.op, desired: desiredOf(type, c.entity, tc.ctx, tc.names) }, mapping);
    if (op) ops.push(op);
  }
  await executePlan(deps, team.teamId, ops, tally);
  for (const id of replaced) (adoptionCheck.get('shift') ?? adoptionCheck.set('shift', new Set()).get('shift')!).add(id);
  for (const [type, ids] of adoptionCheck) {
    const r = await syncScheduleTypes(deps, team, tc, [type], tally, { removeUnmanaged: false, onlyWfmIds: ids });
    if (!r.ok) return r;
  }
  return { ok: true, value: { cursor: null } };
}

const MODE_KIND: Record<ScheduleType, SyncEntityKind> = { shift: 'shifts', openShift: 'openShifts', timeOff: 'timeOff' };

/** The schedule item types this team syncs: a kind its mode turns off is neither written nor removed. */
function syncedTypes(deps: EngineDeps, team: TeamMapping): ScheduleType[] {
  const modes = effectiveModes(deps.config.globalMode, team.syncModes);
  return SCHEDULE_TYPES.filter((t) => modes[MODE_KIND[t]].mode !== 'off');
}

function decide(deps: EngineDeps, team: TeamMapping, requests: WfmRequest[], tally: RunTally): Promise<DecisionsSent> {
  return syncRequestDecisions({ ...deps, globalMode: deps.config.globalMode }, team, requests, tally);
}

/**
 * Shifts approves a swap or an offer by deleting the shifts and creating new ones for their
 * new holders: the WFM shifts' mappings point at deleted items, so they are dropped and the
 * diff adopts the new Shifts shifts. Returns the WFM shift ids to adopt.
 */
async function forgetReplacedShifts(deps: EngineDeps, team: TeamMapping, decided: DecisionsSent): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const r of decided.approved) {
    if (r.kind !== 'swap' && r.kind !== 'offer') continue;
    for (const id of [r.senderShiftId, r.recipientShiftId]) {
      if (!id) continue;
      await deleteEntityMapping(deps.store, team.teamId, 'shift', id);
      ids.add(id);
    }
  }
  return ids;
}

/**
 * Freshness samples for a page of the team's changes now in Shifts: the time from the WFM
 * change to now. Changes whose entity is left failing are not in Shifts yet, so they wait for
 * the write that lands them (they still count as unsynced until then, through the cursor).
 */
async function recordLag(deps: EngineDeps, teamId: string, changes: WfmChange[]): Promise<void> {
  if (changes.length === 0) return;
  const failing = new Set(
    (await listFailures(deps.store, { teamIds: [teamId], state: ['open', 'retrying'] })).map((f) => `${f.entityType}:${f.wfmId ?? ''}`),
  );
  const landed = changes.filter((c) => !failing.has(`${c.entityType}:${c.id}`)).map((c) => c.at);
  if (landed.length === 0) return;
  await deps.store.query(`INSERT INTO sync_lag_samples (team_id, changed_at) SELECT $1, unnest($2::timestamptz[])`, [teamId, landed]);
}

export const newInstanceId = () => randomUUID();
