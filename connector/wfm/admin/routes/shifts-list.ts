import { z } from 'zod';
import type { Route } from '../../../http/types.ts';
import { addDays, localDate, startOfLocalDay, weekStart } from '../../time.ts';
import { adminRoute, instantOrThrow, respond, teamZone, type AdminDeps } from '../common.ts';

const querySchema = z.object({ start: z.string().optional(), end: z.string().optional() }).strict();

/** GET /wfm-admin/teams/:teamId/shifts?start&end — default: this local week and the next. */
export function shiftsListRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'GET', '/teams/:teamId/shifts', async (req) => {
    const teamId = req.params.teamId!;
    const q = querySchema.parse(Object.fromEntries(req.query));
    const zone = await teamZone(deps.wfm, teamId);
    if (!zone.ok) return respond(zone);
    const monday = weekStart(localDate(Date.now(), zone.value));
    const start = q.start ? instantOrThrow('start', q.start, zone.value) : new Date(startOfLocalDay(monday, zone.value)).toISOString();
    const end = q.end ? instantOrThrow('end', q.end, zone.value) : new Date(startOfLocalDay(addDays(monday, 14), zone.value)).toISOString();
    return respond(await deps.wfm.listShifts(teamId, { start, end }), (items) => ({ items, timeZone: zone.value }));
  });
}
