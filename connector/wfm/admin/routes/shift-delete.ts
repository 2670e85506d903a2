import { z } from 'zod';
import type { Route } from '../../../http/types.ts';
import { adminRoute, respond, type AdminDeps } from '../common.ts';

const querySchema = z.object({ expectedVersion: z.string().optional() }).strict();

/** DELETE /wfm-admin/teams/:teamId/shifts/:shiftId[?expectedVersion=] */
export function shiftDeleteRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'DELETE', '/teams/:teamId/shifts/:shiftId', async (req) => {
    const { teamId, shiftId } = req.params as { teamId: string; shiftId: string };
    const q = querySchema.parse(Object.fromEntries(req.query));
    const r = await deps.wfm.applyAsWfm(teamId, [
      { kind: 'shift.delete', id: shiftId, ...(q.expectedVersion ? { expectedVersion: q.expectedVersion } : {}) },
    ]);
    return respond(r, (results) => results[0]);
  });
}
