/**
 * WFM → Shifts request decisions. A request a worker made in Shifts lives on in the WFM; when
 * the WFM decides it (approve, decline, or the sender withdraws it there), the decision is
 * posted to Shifts with Graph's beta `approveForUser` / `declineForUser`, acting as the team's
 * mapped owner (app-only `approve`/`decline` stopped working on 2026-01-01). The calls go
 * through the same Graph client (rate limits, retries) and failure records as every write.
 *
 * Shifts applies an approval itself (creates the time off, swaps or moves the shifts, fills the
 * open shift), so the caller adopts those Shifts items for the WFM's instead of writing copies.
 */
import type { GraphCallError } from '../graph/index.ts';
import { effectiveModes, getEntityMappingByWfmId, upsertEntityMapping, type GlobalSyncMode, type SyncEntityKind, type TeamMapping } from '../mappings/index.ts';
import type { RequestKind, WfmRequest } from '../wfm/contract.ts';
import { resolveFailure } from './failures.ts';
import { addCount } from './runs.ts';
import { fail, type RunTally, type WriterDeps } from './writer.ts';

/** Graph collection of each WFM request kind. */
export const REQUEST_COLLECTION: Record<RequestKind, string> = {
  timeOff: 'timeOffRequests',
  swap: 'swapShiftsChangeRequests',
  offer: 'offerShiftRequests',
  openShift: 'openShiftChangeRequests',
};

const MODE_KIND: Record<RequestKind, SyncEntityKind> = {
  timeOff: 'timeOffRequests',
  swap: 'swapRequests',
  offer: 'offerShiftRequests',
  openShift: 'openShiftRequests',
};

/** Said to the worker in Shifts when the WFM withdrew a request without a manager's message. */
export const WITHDRAWN_MESSAGE = 'This request was withdrawn in the workforce management system.';

/** What the decisions changed in Shifts, for the schedule diff that follows. */
export interface DecisionsSent {
  /** Approvals Shifts applied itself, by kind. */
  approved: WfmRequest[];
}

interface ShiftsRequest {
  state?: string;
}

const subjectOf = (r: WfmRequest) => ({ employeeName: null, start: r.start, end: r.end });

/**
 * Posts each decided WFM request's decision to its Shifts request, when Shifts still shows it
 * pending. A request Shifts' own manager already decided is left as it is (both acted; Shifts
 * told the WFM through the webhook). Never throws for Graph failures.
 */
export async function syncRequestDecisions(
  deps: WriterDeps & { globalMode: GlobalSyncMode },
  team: TeamMapping,
  requests: readonly WfmRequest[],
  tally: RunTally,
): Promise<DecisionsSent> {
  const sent: DecisionsSent = { approved: [] };
  const modes = effectiveModes(deps.globalMode, team.syncModes);
  for (const r of requests) {
    if (r.state === 'pending' || modes[MODE_KIND[r.kind]].mode === 'off') continue;
    const m = await getEntityMappingByWfmId(deps.store, team.teamId, 'request', r.id);
    // Made in the WFM, or already decided in Shifts at this version: nothing to tell Shifts.
    if (!m || m.wfmVersion === r.version) continue;
    const path = `/teams/${encodeURIComponent(team.teamId)}/schedule/${REQUEST_COLLECTION[r.kind]}/${encodeURIComponent(m.shiftsId)}`;
    const what = { type: 'request', wfmId: r.id, shiftsId: m.shiftsId, operation: 'update' as const, subject: subjectOf(r) };
    const current = await deps.graph.request<ShiftsRequest>({ method: 'GET', path, teamId: team.teamId, version: 'beta' });
    if (!current.ok) {
      await fail(deps, team.teamId, what, current.error, tally);
      continue;
    }
    if (current.value.body?.state !== 'pending') {
      await settled(deps, team, r, m.shiftsId, tally, 'unchanged');
      continue;
    }
    if (!team.ownerUserId) {
      const error: GraphCallError = {
        code: 'NO_TEAM_OWNER',
        status: null,
        message: `The WFM ${r.state === 'approved' ? 'approved' : 'declined'} this request, but Shifts can only be told as a team owner and team ${team.teamId} has none mapped: set ownerUserId in the team mapping (map import --teams).`,
        attempts: 1,
        transient: false,
      };
      await fail(deps, team.teamId, what, error, tally);
      continue;
    }
    const approve = r.state === 'approved';
    const message = r.managerMessage ?? (r.state === 'cancelled' ? WITHDRAWN_MESSAGE : null);
    const posted = await deps.graph.request({
      method: 'POST',
      path: `${path}/${approve ? 'approveForUser' : 'declineForUser'}`,
      teamId: team.teamId,
      version: 'beta',
      body: { userId: team.ownerUserId, ...(message ? { message } : {}) },
    });
    if (!posted.ok) {
      // Shifts' manager may have decided it between our read and our post.
      const again = await deps.graph.request<ShiftsRequest>({ method: 'GET', path, teamId: team.teamId, version: 'beta' });
      if (again.ok && again.value.body?.state !== 'pending') await settled(deps, team, r, m.shiftsId, tally, 'unchanged');
      else await fail(deps, team.teamId, what, posted.error, tally);
      continue;
    }
    tally.scheduleWrites++;
    if (approve) sent.approved.push(r);
    await settled(deps, team, r, m.shiftsId, tally, 'updated');
  }
  return sent;
}

async function settled(deps: WriterDeps, team: TeamMapping, r: WfmRequest, shiftsId: string, tally: RunTally, op: 'updated' | 'unchanged'): Promise<void> {
  await deps.store.transaction(async (tx) => {
    await upsertEntityMapping(tx, { teamId: team.teamId, entityType: 'request', wfmId: r.id, shiftsId, wfmVersion: r.version });
    await resolveFailure(tx, team.teamId, 'request', { wfmId: r.id, shiftsId });
  });
  addCount(tally.counts, 'request', op);
}
