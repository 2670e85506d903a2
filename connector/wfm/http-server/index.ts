/**
 * The WFM HTTP contract served from a `WfmAdapter` (see `docs/wfm-openapi.yaml`). The
 * contract tests run the HTTP adapter against it backed by the embedded WFM; deployments can
 * mount it to expose the embedded WFM to other systems.
 */
import type { Route } from '../../http/types.ts';
import type { WfmAdapter } from '../contract.ts';
import { createApiContext, type WfmApiOptions } from './common.ts';
import { changesRoute } from './routes/changes.ts';
import { commandOutcomeRoute, commandsRoute } from './routes/commands.ts';
import { eligibleReasonsRoute } from './routes/eligible-reasons.ts';
import { employeesRoute } from './routes/employees.ts';
import { jobsRoute } from './routes/jobs.ts';
import { openShiftsRoute } from './routes/open-shifts.ts';
import { requestsRoute } from './routes/requests.ts';
import { shiftsRoute } from './routes/shifts.ts';
import { swappableRoute } from './routes/swappable.ts';
import { teamsRoute } from './routes/teams.ts';
import { timeOffReasonsRoute } from './routes/time-off-reasons.ts';
import { timesOffRoute } from './routes/times-off.ts';
import { tokenRoute } from './routes/token.ts';

export type { WfmApiOptions } from './common.ts';

/** Routes of the WFM API contract over `adapter`, under `options.prefix`. */
export function wfmApiRoutes(adapter: WfmAdapter, options: WfmApiOptions): Route[] {
  const ctx = createApiContext(adapter, options);
  return [
    tokenRoute(ctx),
    teamsRoute(ctx),
    employeesRoute(ctx),
    jobsRoute(ctx),
    timeOffReasonsRoute(ctx),
    // Before `shifts` so `/shifts/:shiftId/swappable` is never taken for a list query.
    swappableRoute(ctx),
    shiftsRoute(ctx),
    openShiftsRoute(ctx),
    timesOffRoute(ctx),
    requestsRoute(ctx),
    changesRoute(ctx),
    commandsRoute(ctx),
    commandOutcomeRoute(ctx),
    eligibleReasonsRoute(ctx),
  ];
}
