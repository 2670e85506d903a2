/** The WFM admin API: act as the WFM (local mode, or with `WFM_ADMIN_KEY`). */
import type { Route } from '../../http/types.ts';
import type { AdminDeps } from './common.ts';
import { changesRoute } from './routes/changes.ts';
import { commandsRoute } from './routes/commands.ts';
import { employeesListRoute } from './routes/employees-list.ts';
import { reasonsListRoute } from './routes/reasons-list.ts';
import { requestTransitionRoute } from './routes/request-transition.ts';
import { requestsListRoute } from './routes/requests-list.ts';
import { rulesPutRoute } from './routes/rules-put.ts';
import { shiftAddRoute } from './routes/shift-add.ts';
import { shiftDeleteRoute } from './routes/shift-delete.ts';
import { shiftMoveRoute } from './routes/shift-move.ts';
import { shiftsListRoute } from './routes/shifts-list.ts';
import { teamsListRoute } from './routes/teams-list.ts';

export { ADMIN_PREFIX, parseInstant, type AdminDeps } from './common.ts';

/** Every admin route; mount them only when `localMode` or an admin key allows it. */
export function adminRoutes(deps: AdminDeps): Route[] {
  return [
    teamsListRoute(deps),
    rulesPutRoute(deps),
    employeesListRoute(deps),
    shiftsListRoute(deps),
    shiftAddRoute(deps),
    shiftMoveRoute(deps),
    shiftDeleteRoute(deps),
    reasonsListRoute(deps),
    requestsListRoute(deps),
    requestTransitionRoute(deps),
    commandsRoute(deps),
    changesRoute(deps),
  ];
}
