/**
 * `SyncService` over the sync tables: what the bot, the tab and the CLI ask of the engine.
 */
import { err, ok } from '../errors.ts';
import { effectiveModes, getTeamMapping, listTeamMappings, type GlobalSyncMode } from '../mappings/index.ts';
import type { Store } from '../store/index.ts';
import type { WfmAdapter } from '../wfm/contract.ts';
import { getFailure, listFailures, transitionFailure } from './failures.ts';
import { isLate } from './lateness.ts';
import { getRun, listRuns, type RunRecord } from './runs.ts';
import type { SyncFailure, SyncService, TeamFreshness, TeamSyncStatus } from './service.ts';
import { getTeamState } from './state.ts';

export interface ServiceDeps {
  store: Store;
  adapter: WfmAdapter;
  /** Queues a run; resolves with its id (an already queued run's id when one is waiting). */
  enqueue(teamId: string, kind: 'manual', full: boolean): Promise<string>;
  /** Runs a retry of the given failures of a team now, in this process. */
  retryNow(teamId: string, failureIds: string[]): Promise<RunRecord>;
  /** Shifts changes the WFM rejected in the last 24 hours (the webhook's decisions). */
  rejectedLast24h(teamId: string): Promise<number>;
  /** The deployment's SYNC_MODE, which a team's per-kind modes override. */
  globalMode: GlobalSyncMode;
  /** The run lease (`SYNC_LEASE_SECONDS`): how long a dead holder may block a team. */
  leaseMs: number;
  /** Whether runs are scheduled automatically (a past next-sync slot is then overdue). */
  automatic: boolean;
  /** A team whose oldest unsynced WFM change is older than this is degraded (`SYNC_FRESHNESS_ALERT_MINUTES`). */
  freshnessAlertMs: number;
}

/** Changes of the team after its cursor, looked for in the first page of the feed only (status stays cheap). */
const UNSYNCED_PAGE = 500;

async function freshnessOf(store: Store, adapter: WfmAdapter, team: { teamId: string; wfmTeamId: string }, state: { feedCursor: string | null; initializedAt: string | null }): Promise<TeamFreshness> {
  const rows = await store.query<{ p50: number | null; p95: number | null; n: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM written_at - changed_at))::float8 AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM written_at - changed_at))::float8 AS p95,
            count(*)::int AS n
       FROM sync_lag_samples WHERE team_id = $1 AND written_at > now() - interval '1 hour'`,
    [team.teamId],
  );
  let oldestUnsyncedAt: string | null = null;
  // Before the first sync the whole schedule is unsynced; the initial sync's own state says so.
  if (state.initializedAt) {
    const page = await adapter.changesSince(state.feedCursor, UNSYNCED_PAGE);
    if (page.ok) oldestUnsyncedAt = page.value.changes.find((c) => c.teamId === team.wfmTeamId && c.origin === 'wfm')?.at ?? null;
  }
  const r = rows[0];
  const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);
  return { p50Seconds: round(r?.p50), p95Seconds: round(r?.p95), samples: r?.n ?? 0, oldestUnsyncedAt };
}

/** The minute tick queues runs whose slot came; past this margin a slot is overdue. */
const TICK_MARGIN_MS = 60_000;

/**
 * Why a team's runs are stuck, if they are: a run that stopped renewing its lease (its
 * process died and no instance has taken over), a run asked for that no instance started, or
 * a slot long past. Checked before anything else, so a stalled team is never "healthy".
 */
export function stallOf(
  state: { lease: { until: string } | null; requestedAt: string | null; nextSyncAt: string | null; initializedAt: string | null },
  nowMs: number,
  opts: { leaseMs: number; automatic: boolean },
): { health: 'failing' | 'degraded'; reason: string } | null {
  if (state.lease && Date.parse(state.lease.until) < nowMs) {
    return { health: 'failing', reason: `a sync run stopped without finishing (its lease ran out at ${state.lease.until}); no instance has taken the team over yet` };
  }
  if (state.requestedAt && nowMs - Date.parse(state.requestedAt) > opts.leaseMs + TICK_MARGIN_MS) {
    return { health: 'failing', reason: `a sync asked for at ${state.requestedAt} has not started: no instance is running the sync` };
  }
  if (opts.automatic && state.initializedAt && !state.lease && state.nextSyncAt && nowMs - Date.parse(state.nextSyncAt) > opts.leaseMs + 2 * TICK_MARGIN_MS) {
    return { health: 'degraded', reason: `the sync due at ${state.nextSyncAt} is overdue` };
  }
  return null;
}

export function createSyncService(deps: ServiceDeps): SyncService & { getRunRecord(id: string): Promise<RunRecord | undefined> } {
  const { store } = deps;
  let teamNames: { at: number; names: Map<string, string> } | undefined;
  const namesOf = async () => {
    if (!teamNames || Date.now() - teamNames.at > 60_000) {
      const teams = await deps.adapter.listTeams();
      teamNames = { at: Date.now(), names: new Map(teams.ok ? teams.value.map((t) => [t.id, t.name]) : []) };
    }
    return teamNames.names;
  };

  const retryFailures = async (teamId: string, ids: string[]) => {
    const run = await deps.retryNow(teamId, ids);
    if (run.state === 'failed' && run.error === 'another run of this team is in progress') {
      return err({ code: 'conflict' as const, message: 'a sync of this team is running; try again when it finishes' });
    }
    return ok(run);
  };

  return {
    async teamStatuses(teamIds) {
      const names = await namesOf();
      const mappings = (await listTeamMappings(store)).filter((m) => !teamIds || teamIds.includes(m.teamId));
      const out: TeamSyncStatus[] = [];
      // The store's clock judges leases (they are written with it), not this process's.
      const nowMs = ((await store.query<{ now: Date }>(`SELECT now() AS now`))[0]?.now ?? new Date()).getTime();
      for (const m of mappings) {
        const state = await getTeamState(store, m.teamId);
        const entities = await store.query<{ entity_type: string; n: number }>(
          `SELECT entity_type, count(*)::int AS n FROM map_entities WHERE team_id = $1 GROUP BY entity_type`,
          [m.teamId],
        );
        const open = await store.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM sync_failures WHERE team_id = $1 AND state IN ('open', 'retrying')`,
          [m.teamId],
        );
        const openFailures = open[0]?.n ?? 0;
        let health = state.health;
        let reason = state.healthReason;
        const stall = m.enabled ? stallOf(state, nowMs, deps) : null;
        const freshness = await freshnessOf(store, deps.adapter, m, state);
        const waitedMs = freshness.oldestUnsyncedAt ? nowMs - Date.parse(freshness.oldestUnsyncedAt) : 0;
        const late = isLate(freshness, nowMs, deps.freshnessAlertMs);
        if (stall && (stall.health === 'failing' || health !== 'failing')) {
          health = stall.health;
          reason = stall.reason;
        } else if (m.enabled && health !== 'failing' && late) {
          health = 'degraded';
          reason = `a WFM change from ${freshness.oldestUnsyncedAt} has waited ${Math.round(waitedMs / 60_000)} minutes to reach Shifts (alert after ${Math.round(deps.freshnessAlertMs / 60_000)})`;
        } else if (!m.enabled) {
          health = 'degraded';
          reason = 'sync is turned off for this team';
        } else if (health === 'healthy' && openFailures > 0) {
          health = 'degraded';
          reason = `${openFailures} ${openFailures === 1 ? 'entity does' : 'entities do'} not sync`;
        } else if (!state.initializedAt && health === 'healthy') {
          health = 'degraded';
          reason = 'waiting for the first sync';
        }
        out.push({
          teamId: m.teamId,
          teamName: names.get(m.wfmTeamId) ?? m.wfmTeamId,
          timeZone: m.timeZone,
          health,
          healthReason: health === 'healthy' ? null : reason,
          lastSyncAt: state.lastSyncAt,
          nextSyncAt: state.nextSyncAt,
          entitiesSynced: Object.fromEntries(entities.map((e) => [e.entity_type, e.n])),
          openFailures,
          rejectedLast24h: await deps.rejectedLast24h(m.teamId),
          syncModes: effectiveModes(deps.globalMode, m.syncModes),
          freshness,
        });
      }
      return out;
    },
    async recentRuns(teamId, days) {
      return (await listRuns(store, teamId, days)).map(({ fixed: _fixed, ...run }) => run);
    },
    async getRun(runId) {
      const run = await getRun(store, runId);
      if (!run) return undefined;
      const { fixed: _fixed, ...summary } = run;
      return summary;
    },
    getRunRecord: (id) => getRun(store, id),
    async syncNow(teamId, options) {
      const team = await getTeamMapping(store, teamId);
      if (!team) return err({ code: 'not_found', message: `team ${teamId} is not mapped` });
      if (!team.enabled) return err({ code: 'conflict', message: `sync is turned off for team ${teamId}` });
      return ok({ runId: await deps.enqueue(teamId, 'manual', options?.full ?? false) });
    },
    listFailures: (filter) => listFailures(store, filter),
    getFailure: (id) => getFailure(store, id),
    async retryFailure(id) {
      const f = await getFailure(store, id);
      if (!f) return err({ code: 'not_found', message: `failure ${id} does not exist` });
      if (f.state === 'resolved' || f.state === 'handled') return ok(f);
      const r = await retryFailures(f.teamId, [id]);
      if (!r.ok) return r;
      return ok((await getFailure(store, id))!);
    },
    async retryAll(teamId) {
      const open = await listFailures(store, { teamIds: [teamId], state: ['open', 'retrying'] });
      if (open.length === 0) return ok({ retried: 0, resolved: 0, stillFailing: 0 });
      const r = await retryFailures(teamId, open.map((f) => f.id));
      if (!r.ok) return r;
      const after = await Promise.all(open.map((f) => getFailure(store, f.id)));
      const resolved = after.filter((f) => f?.state === 'resolved').length;
      return ok({ retried: open.length, resolved, stillFailing: open.length - resolved });
    },
    async markHandled(id, byUserId) {
      const f: SyncFailure | undefined | 'illegal' = await store.transaction((tx) => transitionFailure(tx, id, 'handled', byUserId));
      if (f === undefined) return err({ code: 'not_found', message: `failure ${id} does not exist` });
      if (f === 'illegal') return err({ code: 'conflict', message: 'this failure is already resolved' });
      return ok(f);
    },
  };
}
