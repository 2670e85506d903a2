import type { Queryable } from '../store/index.ts';
import { listDecisions } from '../webhook/index.ts';

/** Page size of `listDecisions`; a team with more rejections than this in a day shows this number. */
const MAX_COUNTED = 500;

/**
 * Shifts changes the WFM rejected for a team in the last 24 hours, read from the webhook's
 * decision audit (the webhook owns that table; this only reads it through its public face).
 */
export async function countRejectedLast24h(q: Queryable, teamId: string, now: number = Date.now()): Promise<number> {
  const since = new Date(now - 24 * 3600_000).toISOString();
  return (await listDecisions(q, { teamId, decision: 'rejected', since, limit: MAX_COUNTED })).length;
}
