import { z } from 'zod';
import type { Route } from '../../../http/types.ts';
import { adminRoute, instantOrThrow, respond, teamZone, withWarnings, type AdminDeps, type TimeWarning } from '../common.ts';

export const shiftMoveSchema = z
  .object({
    /** New start; without `end` the shift keeps its length. */
    start: z.string().min(1).optional(),
    end: z.string().min(1).optional(),
    /** Give the shift to someone else. */
    employeeId: z.string().min(1).optional(),
    expectedVersion: z.string().optional(),
  })
  .strict()
  .refine((b) => b.start !== undefined || b.end !== undefined || b.employeeId !== undefined, {
    message: 'give at least one of start, end or employeeId',
  });

/** PATCH /wfm-admin/teams/:teamId/shifts/:shiftId — moves a shift (breaks move with it). */
export function shiftMoveRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'PATCH', '/teams/:teamId/shifts/:shiftId', async (req) => {
    const { teamId, shiftId } = req.params as { teamId: string; shiftId: string };
    const body = await req.json(shiftMoveSchema);
    const zone = await teamZone(deps.wfm, teamId);
    if (!zone.ok) return respond(zone);
    const found = await deps.wfm.getShift(teamId, shiftId);
    if (!found.ok) return respond(found);
    const current = found.value;
    const oldStart = Date.parse(current.start);
    const warnings: TimeWarning[] = [];
    const newStart = body.start ? Date.parse(instantOrThrow('start', body.start, zone.value, warnings)) : oldStart;
    const delta = newStart - oldStart;
    const newEnd = body.end ? instantOrThrow('end', body.end, zone.value, warnings) : new Date(Date.parse(current.end) + delta).toISOString();
    const { id, version, teamId: _team, ...data } = current;
    void _team;
    const r = await deps.wfm.applyAsWfm(teamId, [
      {
        kind: 'shift.update',
        id,
        expectedVersion: body.expectedVersion ?? version,
        data: {
          ...data,
          employeeId: body.employeeId ?? current.employeeId,
          start: new Date(newStart).toISOString(),
          end: newEnd,
          activities: current.activities.map((a) => ({
            ...a,
            start: new Date(Date.parse(a.start) + delta).toISOString(),
            end: new Date(Date.parse(a.end) + delta).toISOString(),
          })),
        },
      },
    ]);
    return respond(r, (results) => withWarnings(results[0], warnings));
  });
}
