/**
 * A synthetic WFM for the benchmark: N teams × M shifts generated from their index (nothing
 * stored but the changes), so the WFM side adds no memory that grows with M. Implements the
 * adapter contract the sync engine reads.
 */
import { err, ok } from '../connector/errors.ts';
import type { WfmAdapter, WfmChange, WfmShift } from '../connector/wfm/contract.ts';

export interface SyntheticWfm extends WfmAdapter {
  /** Changes the notes of `share` of each team's shifts (a WFM edit); returns how many. */
  changeShare(share: number): number;
  employeesOf(team: number): string[];
}

const DAY = 86_400_000;

export function syntheticWfm(teams: number, shiftsPerTeam: number, days: number, todayMs: number): SyntheticWfm {
  const employeesPerTeam = Math.max(1, Math.ceil(shiftsPerTeam / days));
  const notes = new Map<string, string>();
  const feed: WfmChange[] = [];
  const teamIndex = (id: string) => Number(id.replace('bench-', ''));
  const employeesOf = (t: number) => Array.from({ length: employeesPerTeam }, (_, e) => `E${t}-${e}`);
  const shift = (t: number, i: number): WfmShift => {
    const e = i % employeesPerTeam;
    const day = Math.floor(i / employeesPerTeam);
    const start = todayMs + day * DAY + 8 * 3600_000;
    const id = `S${t}-${i}`;
    return {
      id,
      version: notes.has(id) ? 'v2' : 'v1',
      teamId: `bench-${t}`,
      employeeId: `E${t}-${e}`,
      jobId: `J${t}`,
      start: new Date(start).toISOString(),
      end: new Date(start + 8 * 3600_000).toISOString(),
      label: 'Shift',
      notes: notes.get(id) ?? null,
      theme: 'blue',
      activities: [{ start: new Date(start + 4 * 3600_000).toISOString(), end: new Date(start + 4.5 * 3600_000).toISOString(), code: 'BRK', displayName: 'Break', isPaid: false }],
    };
  };
  const unsupported = async () => err({ kind: 'not_allowed' as const, code: 'NOT_SUPPORTED', message: 'the benchmark WFM is read-only' });
  return {
    name: 'synthetic',
    employeesOf,
    listTeams: async () => ok(Array.from({ length: teams }, (_, t) => ({ id: `bench-${t}`, name: `Bench store ${t}`, timeZone: 'UTC' }))),
    listEmployees: async (teamId) => {
      const t = teamIndex(teamId);
      return ok(employeesOf(t).map((id) => ({ id, teamIds: [teamId], displayName: id, email: null, jobIds: [`J${t}`], employmentType: 'full_time' as const, hireDate: '2020-01-01' })));
    },
    listJobs: async (teamId) => {
      const t = teamIndex(teamId);
      return ok([{ id: `J${t}`, teamId, name: 'Floor', employeeIds: employeesOf(t) }]);
    },
    listTimeOffReasons: async () => ok([{ id: 'R1', name: 'Vacation', iconType: 'plane', paid: true, active: true }]),
    listShifts: async (teamId, w) => {
      const t = teamIndex(teamId);
      const out: WfmShift[] = [];
      for (let i = 0; i < shiftsPerTeam; i++) {
        const s = shift(t, i);
        if (s.start < w.end && s.end > w.start) out.push(s);
      }
      return ok(out);
    },
    listOpenShifts: async () => ok([]),
    listTimesOff: async () => ok([]),
    listRequests: async () => ok([]),
    async changesSince(cursor, limit = 500) {
      const from = cursor === null ? 0 : Number(cursor);
      const page = feed.slice(from, from + limit);
      return ok({ changes: page, cursor: String(from + page.length), hasMore: from + page.length < feed.length });
    },
    apply: unsupported,
    applyOutcome: unsupported,
    eligibleTimeOffReasons: unsupported,
    swappableShifts: unsupported,
    changeShare(share) {
      const per = Math.max(1, Math.round(shiftsPerTeam * share));
      for (let t = 0; t < teams; t++) {
        for (let k = 0; k < per; k++) {
          const i = Math.floor((k * shiftsPerTeam) / per);
          notes.set(`S${t}-${i}`, `changed at ${new Date().toISOString()}`);
          feed.push({ entityType: 'shift', id: `S${t}-${i}`, teamId: `bench-${t}`, op: 'updated', origin: 'wfm', entity: shift(t, i), at: new Date().toISOString() });
        }
      }
      return per * teams;
    },
  };
}
