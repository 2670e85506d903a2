import { ok } from '../../../errors.ts';
import type { Route } from '../../../http/types.ts';
import { adminRoute, respond, type AdminDeps } from '../common.ts';

/** GET /wfm-admin/teams — teams with their effective rules and what they override. */
export function teamsListRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'GET', '/teams', async () => {
    const teams = await deps.wfm.listTeams();
    if (!teams.ok) return respond(teams);
    const out = [];
    for (const t of teams.value) {
      const r = await deps.wfm.getTeamRules(t.id);
      if (r.ok) out.push({ ...t, rules: r.value.rules, overrides: r.value.overrides });
    }
    return respond(ok(out), (items) => ({ items }));
  });
}
