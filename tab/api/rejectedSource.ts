import { getUserMapping } from '../../connector/mappings/index.ts';
import type { Queryable } from '../../connector/store/index.ts';
import { listDecisions } from '../../connector/webhook/index.ts';
import type { RejectedChange } from './contracts/rejected.ts';
import type { LocalUserNames, RejectedChangesSource } from './ports.ts';

/**
 * The rejected-changes audit from the webhook's decision log: rejected decisions of the given
 * teams, newest first, with the name of who tried when their Entra user is mapped (or, in
 * local mode, known to the emulator's directory).
 */
export function webhookRejections(store: Queryable, directory?: LocalUserNames): RejectedChangesSource {
  return {
    async list({ teamIds, since, limit }) {
      const perTeam = await Promise.all(
        teamIds.map((teamId) => listDecisions(store, { teamId, decision: 'rejected', limit, ...(since ? { since } : {}) })),
      );
      const newest = perTeam
        .flat()
        .sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id)
        .slice(0, limit);
      const names = new Map<string, string | null>();
      let known: Map<string, string> | undefined;
      for (const d of newest) {
        if (d.actingUserId && !names.has(d.actingUserId)) {
          const mapped = (await getUserMapping(store, d.actingUserId))?.displayName;
          if (!mapped && directory) known ??= await directory();
          names.set(d.actingUserId, mapped ?? known?.get(d.actingUserId) ?? null);
        }
      }
      return newest.map(
        (d): RejectedChange => ({
          id: String(d.id),
          teamId: d.teamId,
          at: d.at,
          entityType: d.entityType,
          operation: d.operation,
          ruleCode: d.ruleCode ?? 'REJECTED',
          message: d.message ?? 'The WFM refused this change.',
          actorUserId: d.actingUserId,
          actorName: d.actingUserId ? (names.get(d.actingUserId) ?? null) : null,
        }),
      );
    },
  };
}
