import { AppError } from '../../connector/errors.ts';
import type { HttpRequest } from '../../connector/http/types.ts';
import { listTeamMappings, type TeamMapping } from '../../connector/mappings/index.ts';
import type { Queryable } from '../../connector/store/index.ts';
import type { Principal, TokenVerifier } from './auth/index.ts';

/** Authentication and per-team authorisation for every `/api/tab/*` endpoint. */
export interface Guard {
  /** The signed-in person; throws `unauthorized` (401) for a missing or bad token. */
  principal(req: HttpRequest): Promise<Principal>;
  /** Team mappings that list the person as a manager or as the owner. */
  managedTeams(p: Principal): Promise<TeamMapping[]>;
  /** The team's mapping when the person manages it; throws `forbidden` (403) otherwise. */
  requireTeam(p: Principal, teamId: string): Promise<TeamMapping>;
}

/** Whether `userId` may see and act on this team: listed as a manager, or its owner. */
export function manages(m: TeamMapping, userId: string): boolean {
  return m.ownerUserId === userId || m.managerUserIds.includes(userId);
}

export function createGuard(verifier: TokenVerifier, store: Queryable): Guard {
  const managedTeams = async (p: Principal) => (await listTeamMappings(store)).filter((m) => manages(m, p.userId));
  return {
    async principal(req) {
      const header = req.headers.authorization;
      const result = await verifier.verify(typeof header === 'string' ? header : undefined);
      if (!result.ok) {
        // The reason is logged without the token; the client gets the same sentence.
        req.log.warn({ reason: result.error.code }, 'tab request without a valid token');
        if (result.error.code === 'keys_unavailable') throw new AppError('unavailable', result.error.message);
        throw new AppError('unauthorized', result.error.message);
      }
      return result.value;
    },
    managedTeams,
    async requireTeam(p, teamId) {
      const team = (await managedTeams(p)).find((m) => m.teamId === teamId);
      // Same answer for "not yours" and "no such team": ids of other teams are not disclosed.
      if (!team) throw new AppError('forbidden', 'You do not manage this team.');
      return team;
    },
  };
}
