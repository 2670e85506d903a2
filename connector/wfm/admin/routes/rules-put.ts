import type { Route } from '../../../http/types.ts';
import { ruleOverridesSchema } from '../../embedded/index.ts';
import { adminRoute, respond, type AdminDeps } from '../common.ts';

/** PUT /wfm-admin/teams/:teamId/rules — replaces the team's rule overrides; `{}` restores defaults. */
export function rulesPutRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'PUT', '/teams/:teamId/rules', async (req) => {
    const body = await req.json(ruleOverridesSchema);
    return respond(await deps.wfm.setTeamRules(req.params.teamId!, body), (rules) => ({ rules }));
  });
}
