import { z } from 'zod';
import type { Route } from '../../../http/types.ts';
import { actorSchema } from '../../schemas.ts';
import { adminRoute, respond, type AdminDeps } from '../common.ts';

// Commands are validated one by one by the WFM so an error names the failing index.
const bodySchema = z.object({ commands: z.array(z.unknown()).min(1).max(100), actor: actorSchema.optional() }).strict();

/** POST /wfm-admin/teams/:teamId/commands — any batch of WFM commands, applied atomically as the WFM. */
export function commandsRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'POST', '/teams/:teamId/commands', async (req) => {
    const body = await req.json(bodySchema);
    const r = await deps.wfm.applyAsWfm(req.params.teamId!, body.commands, body.actor);
    return respond(r, (results) => ({ results }));
  });
}
