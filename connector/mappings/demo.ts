import type { Store } from '../store/index.ts';
import { DEMO_EMPLOYEES, DEMO_TEAMS } from '../wfm/embedded/demo.ts';
import { upsertTeamMapping } from './teams.ts';
import { upsertUserMapping } from './users.ts';

/**
 * Local mode: maps the demo stores and employees to the emulator's teams and users (same ids
 * as `demo.ts`), once, when no team is mapped yet, so `npm start` syncs without any setup.
 * Returns true when it wrote the mappings.
 */
export async function seedDemoMappings(store: Store): Promise<boolean> {
  return store.transaction(async (q) => {
    const existing = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM map_teams');
    if ((existing[0]?.n ?? 0) > 0) return false;
    for (const t of DEMO_TEAMS) {
      const r = await upsertTeamMapping(q, {
        teamId: t.teamsTeamId,
        wfmTeamId: t.wfmTeamId,
        timeZone: t.timeZone,
        ownerUserId: t.ownerUserId,
        managerUserIds: [...t.managerUserIds],
        enabled: true,
      });
      if (!r.ok) throw new Error(`demo team mapping rejected: ${r.error.message}`);
    }
    for (const e of DEMO_EMPLOYEES) {
      const r = await upsertUserMapping(q, { userId: e.userId, wfmEmployeeId: e.wfmEmployeeId, displayName: e.displayName, upn: e.upn });
      if (!r.ok) throw new Error(`demo user mapping rejected: ${r.error.message}`);
    }
    return true;
  });
}
