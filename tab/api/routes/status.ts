import type { Route } from '../../../connector/http/types.ts';
import { SYNC_ENTITY_KINDS } from '../../../connector/mappings/modes.ts';
import { statusEndpoint, statusResponseSchema } from '../contracts/status.ts';
import { reply, wfmTeamNames, type TabContext } from './context.ts';
import { outcomesByDay } from './outcomes.ts';

/** Sync status of every team the signed-in manager owns, with a 7-day outcome chart each. */
export function statusRoute(ctx: TabContext): Route {
  return {
    ...statusEndpoint,
    async handler(req) {
      const p = await ctx.guard.principal(req);
      const teams = await ctx.guard.managedTeams(p);
      if (teams.length === 0) return reply(statusResponseSchema, { teams: [] });
      const [statuses, names] = await Promise.all([
        ctx.sync.teamStatuses(teams.map((t) => t.teamId)),
        wfmTeamNames(ctx),
      ]);
      const byId = new Map(statuses.map((s) => [s.teamId, s]));
      const now = ctx.now();
      const out = await Promise.all(
        teams.map(async (m) => {
          const s = byId.get(m.teamId);
          const runs = await ctx.sync.recentRuns(m.teamId, 7);
          const timeZone = s?.timeZone ?? m.timeZone;
          return {
            teamId: m.teamId,
            teamName: s?.teamName ?? names.get(m.wfmTeamId) ?? m.teamId,
            timeZone,
            health: s?.health ?? 'degraded',
            healthReason: s ? s.healthReason : 'This team has not been synced yet.',
            lastSyncAt: s?.lastSyncAt ?? null,
            nextSyncAt: s?.nextSyncAt ?? null,
            entitiesSynced: s?.entitiesSynced ?? {},
            openFailures: s?.openFailures ?? 0,
            rejectedLast24h: s?.rejectedLast24h ?? 0,
            freshness: s?.freshness ?? { p50Seconds: null, p95Seconds: null, samples: 0, oldestUnsyncedAt: null },
            outcomes7d: outcomesByDay(runs, timeZone, now),
            syncModes: SYNC_ENTITY_KINDS.flatMap((kind) => {
              const m = s?.syncModes?.[kind];
              return m ? [{ kind, mode: m.mode, source: m.source }] : [];
            }),
          };
        }),
      );
      return reply(statusResponseSchema, { teams: out });
    },
  };
}
