import { z } from 'zod';
import type { Route } from '../../../http/types.ts';
import { adminRoute, respond, type AdminDeps } from '../common.ts';

const paramsSchema = z.object({
  teamId: z.string().min(1),
  requestId: z.string().min(1),
  transition: z.enum(['approve', 'decline']),
});
const bodySchema = z.object({ message: z.string().max(1000).nullable().optional(), expectedVersion: z.string().optional() }).strict();

/** POST /wfm-admin/teams/:teamId/requests/:requestId/(approve|decline) — a manager's answer, given in the WFM. */
export function requestTransitionRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'POST', '/teams/:teamId/requests/:requestId/:transition', async (req) => {
    const p = paramsSchema.parse(req.params);
    const body = (await req.body()).length === 0 ? {} : await req.json(bodySchema);
    const r = await deps.wfm.applyAsWfm(
      p.teamId,
      [
        {
          kind: 'request.transition',
          id: p.requestId,
          transition: p.transition,
          message: body.message ?? null,
          ...(body.expectedVersion ? { expectedVersion: body.expectedVersion } : {}),
        },
      ],
      { employeeId: null, role: 'manager', userId: null },
    );
    return respond(r, (results) => results[0]);
  });
}
