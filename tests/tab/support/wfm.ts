import { err, ok, type Result } from '../../../connector/errors.ts';
import type { EligibleReasons, WfmAdapter, WfmEmployee, WfmError, WfmTeam, WfmTimeOffReason } from '../../../connector/wfm/contract.ts';

const unused = (): Promise<Result<never, WfmError>> =>
  Promise.resolve(err({ kind: 'unavailable', code: 'NOT_IN_TEST', message: 'not used by the tab' }));

/** The few WFM reads the tab's API makes, over in-memory teams, people and reason rules. */
export function inTestWfm(data: {
  teams: WfmTeam[];
  employees: WfmEmployee[];
  reasons: WfmTimeOffReason[];
  /** employeeId → reasonId → [code, message] when not eligible. */
  ineligible: Record<string, Record<string, [string, string]>>;
}): WfmAdapter {
  return {
    name: 'in-test',
    listTeams: () => Promise.resolve(ok(data.teams)),
    listEmployees: (teamId) => Promise.resolve(ok(data.employees.filter((e) => e.teamIds.includes(teamId)))),
    listJobs: unused,
    listTimeOffReasons: () => Promise.resolve(ok(data.reasons)),
    listShifts: unused,
    listOpenShifts: unused,
    listTimesOff: unused,
    listRequests: unused,
    changesSince: unused,
    apply: unused,
    applyOutcome: unused,
    swappableShifts: unused,
    eligibleTimeOffReasons(teamId, employeeId) {
      const e = data.employees.find((x) => x.id === employeeId && x.teamIds.includes(teamId));
      if (!e) return Promise.resolve(err({ kind: 'not_found', code: 'NOT_FOUND', message: 'No such employee in this team.' }));
      const rules = data.ineligible[employeeId] ?? {};
      const out: EligibleReasons = { eligible: [], ineligible: [] };
      for (const r of data.reasons) {
        const why = rules[r.id];
        if (why) out.ineligible.push({ reason: r, code: why[0], message: why[1] });
        else out.eligible.push(r);
      }
      return Promise.resolve(ok(out));
    },
  };
}
