import { err, ok } from '../../../connector/errors.ts';
import type { FailureFilter, SyncFailure, SyncRunSummary, SyncService, TeamSyncStatus } from '../../../connector/sync/service.ts';

/**
 * A small in-memory `SyncService` for the tab's API tests, recording what the tab asked for.
 * Retrying a failure resolves it unless its id is in `stillFailing`.
 */
export class InTestSyncService implements SyncService {
  statuses: TeamSyncStatus[] = [];
  runs: SyncRunSummary[] = [];
  failures: SyncFailure[] = [];
  stillFailing = new Set<string>();
  calls: string[] = [];
  private nextRun = 1;

  teamStatuses(teamIds?: string[]) {
    return Promise.resolve(this.statuses.filter((s) => !teamIds || teamIds.includes(s.teamId)));
  }
  recentRuns(teamId: string) {
    return Promise.resolve(this.runs.filter((r) => r.teamId === teamId));
  }
  getRun(runId: string) {
    return Promise.resolve(this.runs.find((r) => r.id === runId));
  }
  syncNow(teamId: string) {
    this.calls.push(`syncNow:${teamId}`);
    const id = `run-${this.nextRun++}`;
    this.runs.unshift({ id, teamId, kind: 'manual', state: 'queued', startedAt: new Date().toISOString(), finishedAt: null, counts: {}, error: null });
    return Promise.resolve(ok({ runId: id }));
  }
  listFailures(filter: FailureFilter = {}) {
    this.calls.push(`listFailures:${JSON.stringify(filter)}`);
    return Promise.resolve(
      this.failures.filter(
        (f) =>
          (!filter.teamIds || filter.teamIds.includes(f.teamId)) &&
          (!filter.entityType || f.entityType === filter.entityType) &&
          (!filter.errorCode || f.errorCode === filter.errorCode) &&
          (!filter.state || filter.state.includes(f.state)),
      ),
    );
  }
  getFailure(id: string) {
    return Promise.resolve(this.failures.find((f) => f.id === id));
  }
  retryFailure(id: string) {
    this.calls.push(`retry:${id}`);
    const f = this.failures.find((x) => x.id === id);
    if (!f) return Promise.resolve(err({ code: 'not_found' as const, message: 'no such failure' }));
    const at = new Date().toISOString();
    if (this.stillFailing.has(id)) {
      f.attempts++;
      f.history.push({ at, errorCode: f.errorCode, errorMessage: f.errorMessage });
    } else {
      f.state = 'resolved';
    }
    f.lastSeenAt = at;
    return Promise.resolve(ok({ ...f }));
  }
  async retryAll(teamId: string) {
    this.calls.push(`retryAll:${teamId}`);
    const open = this.failures.filter((f) => f.teamId === teamId && f.state === 'open');
    for (const f of open) await this.retryFailure(f.id);
    const stillFailing = open.filter((f) => f.state !== 'resolved').length;
    return ok({ retried: open.length, resolved: open.length - stillFailing, stillFailing });
  }
  markHandled(id: string) {
    const f = this.failures.find((x) => x.id === id);
    if (!f) return Promise.resolve(err({ code: 'not_found' as const, message: 'no such failure' }));
    f.state = 'handled';
    return Promise.resolve(ok({ ...f }));
  }
}

/** A failure record with sensible defaults. */
export function failure(over: Partial<SyncFailure> & { id: string; teamId: string }): SyncFailure {
  const at = '2026-11-20T10:00:00.000Z';
  return {
    entityType: 'shift',
    wfmId: `wfm-${over.id}`,
    shiftsId: null,
    operation: 'create',
    errorCode: 'GRAPH_503',
    errorMessage: 'Shifts was unavailable.',
    attempts: 1,
    state: 'open',
    firstSeenAt: at,
    lastSeenAt: at,
    nextRetryAt: null,
    history: [{ at, errorCode: 'GRAPH_503', errorMessage: 'Shifts was unavailable.' }],
    ...over,
  };
}
