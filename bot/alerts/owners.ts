/**
 * Team owners from Microsoft Graph (`GET /groups/{id}/owners`), the managers Teams itself
 * knows, added to the mapping's managers as alert recipients. Cached, and bounded in time, so
 * a slow or failing Graph delays no alert: on failure the mapping's managers still get it.
 */
import type { GraphClient } from '../../connector/graph/index.ts';
import type { TeamOwnersLookup } from './directory.ts';

export interface OwnersOptions {
  ttlMs?: number;
  /** How long a failed lookup is remembered before Graph is asked again. */
  failureTtlMs?: number;
  timeoutMs?: number;
}

export function graphTeamOwners(graph: GraphClient, options: OwnersOptions = {}): TeamOwnersLookup {
  const { ttlMs = 10 * 60_000, failureTtlMs = 60_000, timeoutMs = 3000 } = options;
  const cache = new Map<string, { until: number; owners: string[] | Error }>();
  return async (teamId) => {
    const hit = cache.get(teamId);
    if (hit && hit.until > Date.now()) {
      if (hit.owners instanceof Error) throw hit.owners;
      return hit.owners;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Graph owners of ${teamId} took longer than ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const call = graph.listAll<{ id?: string; '@odata.type'?: string }>({
        method: 'GET',
        path: `/groups/${encodeURIComponent(teamId)}/owners?$select=id`,
        teamId: null,
      });
      // After a timeout the call may still settle; its outcome no longer matters.
      call.catch(() => undefined);
      const listed = await Promise.race([call, timeout]);
      if (!listed.ok) throw new Error(`Graph owners of ${teamId}: ${listed.error.message}`);
      const owners = listed.value
        .filter((o) => (o['@odata.type'] ?? '#microsoft.graph.user') === '#microsoft.graph.user' && typeof o.id === 'string')
        .map((o) => o.id!);
      cache.set(teamId, { until: Date.now() + ttlMs, owners });
      return owners;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      cache.set(teamId, { until: Date.now() + failureTtlMs, owners: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}
