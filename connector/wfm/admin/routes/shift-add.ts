import { z } from 'zod';
import type { Route } from '../../../http/types.ts';
import type { WfmActivity } from '../../contract.ts';
import { adminRoute, instantOrThrow, respond, teamZone, withWarnings, type AdminDeps, type TimeWarning } from '../common.ts';

export const shiftAddSchema = z
  .object({
    employeeId: z.string().min(1),
    /** ISO instant, or local `YYYY-MM-DD HH:MM` in the team's zone. */
    start: z.string().min(1),
    end: z.string().min(1),
    jobId: z.string().min(1).nullable().optional(),
    label: z.string().max(200).nullable().optional(),
    notes: z.string().max(2000).nullable().optional(),
    theme: z.string().min(1).optional(),
    /** An unpaid break of this many minutes in the middle of the shift. */
    breakMinutes: z.number().int().min(1).max(240).optional(),
  })
  .strict();

/** An unpaid break centred in `[start, end)`, on a quarter hour. */
export function middleBreak(start: string, end: string, minutes: number): WfmActivity {
  const s = Date.parse(start);
  const e = Date.parse(end);
  const quarter = 15 * 60_000;
  const at = s + Math.max(0, Math.floor((e - s - minutes * 60_000) / 2 / quarter) * quarter);
  return { start: new Date(at).toISOString(), end: new Date(at + minutes * 60_000).toISOString(), code: 'BREAK', displayName: 'Break', isPaid: false };
}

/** POST /wfm-admin/teams/:teamId/shifts — adds a shift as the WFM (rules apply). */
export function shiftAddRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'POST', '/teams/:teamId/shifts', async (req) => {
    const teamId = req.params.teamId!;
    const body = await req.json(shiftAddSchema);
    const zone = await teamZone(deps.wfm, teamId);
    if (!zone.ok) return respond(zone);
    const warnings: TimeWarning[] = [];
    const start = instantOrThrow('start', body.start, zone.value, warnings);
    const end = instantOrThrow('end', body.end, zone.value, warnings);
    const r = await deps.wfm.applyAsWfm(teamId, [
      {
        kind: 'shift.create',
        data: {
          employeeId: body.employeeId,
          jobId: body.jobId ?? null,
          start,
          end,
          label: body.label ?? null,
          notes: body.notes ?? null,
          theme: body.theme ?? 'blue',
          activities: body.breakMinutes ? [middleBreak(start, end, body.breakMinutes)] : [],
        },
      },
    ]);
    return respond(r, (results) => withWarnings(results[0], warnings), 201);
  });
}
