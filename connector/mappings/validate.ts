/**
 * The mapping validation report: what would make the sync silently skip people or teams.
 * It compares the stored mappings with the WFM (through the adapter) and, when the caller
 * can read Teams membership, with who is actually in each Teams team.
 */
import type { Queryable } from '../store/index.ts';
import type { WfmAdapter } from '../wfm/contract.ts';
import { listTeamMappings } from './teams.ts';
import { listUserMappings } from './users.ts';

export interface ValidationReport {
  /** True when no problem was found. */
  ok: boolean;
  /** WFM teams no Teams team is mapped to. */
  unmappedTeams: Array<{ wfmTeamId: string; name: string }>;
  /** Team mappings pointing at a WFM team that does not exist (anymore). */
  unknownWfmTeams: Array<{ teamId: string; wfmTeamId: string }>;
  /** Employees of mapped WFM teams without a user mapping: their shifts cannot reach Shifts. */
  unmappedEmployees: Array<{ wfmTeamId: string; employeeId: string; displayName: string }>;
  /** User mappings pointing at a WFM employee that does not exist. */
  unknownEmployees: Array<{ userId: string; wfmEmployeeId: string }>;
  /** Values that should identify one person but appear on several mappings. */
  duplicates: Array<{ field: 'upn' | 'displayName'; value: string; userIds: string[] }>;
  /** Mapped employees whose Entra user is not a member of the Teams team their WFM team maps to. */
  employeesNotInTeam: Array<{ teamId: string; wfmTeamId: string; employeeId: string; userId: string; displayName: string }>;
  /** Whether Teams membership could be checked (a membership reader was given). */
  membershipChecked: boolean;
  /** WFM teams the adapter could not list employees for, with why. */
  errors: Array<{ wfmTeamId: string; message: string }>;
}

export interface ValidateOptions {
  /** Entra object ids of a Teams team's members, or undefined when unknown (e.g. Graph down). */
  teamMembers?: (teamId: string) => Promise<string[] | undefined>;
}

/** Builds the validation report. Reads only. */
export async function validateMappings(q: Queryable, wfm: WfmAdapter, options: ValidateOptions = {}): Promise<ValidationReport> {
  const report: ValidationReport = {
    ok: true,
    unmappedTeams: [],
    unknownWfmTeams: [],
    unmappedEmployees: [],
    unknownEmployees: [],
    duplicates: [],
    employeesNotInTeam: [],
    membershipChecked: options.teamMembers !== undefined,
    errors: [],
  };
  const teams = await wfm.listTeams();
  if (!teams.ok) {
    report.errors.push({ wfmTeamId: '*', message: teams.error.message });
    report.ok = false;
    return report;
  }
  const teamMappings = await listTeamMappings(q);
  const users = await listUserMappings(q);
  const userByEmployee = new Map(users.map((u) => [u.wfmEmployeeId, u]));
  const mappedWfm = new Map(teamMappings.map((m) => [m.wfmTeamId, m]));
  const wfmTeamIds = new Set(teams.value.map((t) => t.id));

  for (const t of teams.value) if (!mappedWfm.has(t.id)) report.unmappedTeams.push({ wfmTeamId: t.id, name: t.name });
  for (const m of teamMappings) if (!wfmTeamIds.has(m.wfmTeamId)) report.unknownWfmTeams.push({ teamId: m.teamId, wfmTeamId: m.wfmTeamId });

  const knownEmployees = new Set<string>();
  for (const t of teams.value) {
    const employees = await wfm.listEmployees(t.id);
    if (!employees.ok) {
      report.errors.push({ wfmTeamId: t.id, message: employees.error.message });
      continue;
    }
    const mapping = mappedWfm.get(t.id);
    const members = mapping && options.teamMembers ? await options.teamMembers(mapping.teamId) : undefined;
    const memberSet = members ? new Set(members) : undefined;
    for (const e of employees.value) {
      knownEmployees.add(e.id);
      if (!mapping) continue;
      const user = userByEmployee.get(e.id);
      if (!user) {
        report.unmappedEmployees.push({ wfmTeamId: t.id, employeeId: e.id, displayName: e.displayName });
      } else if (memberSet && !memberSet.has(user.userId)) {
        report.employeesNotInTeam.push({ teamId: mapping.teamId, wfmTeamId: t.id, employeeId: e.id, userId: user.userId, displayName: e.displayName });
      }
    }
  }
  // Employees are listed per team; only judge "unknown" when every team could be read.
  if (report.errors.length === 0) {
    for (const u of users) if (!knownEmployees.has(u.wfmEmployeeId)) report.unknownEmployees.push({ userId: u.userId, wfmEmployeeId: u.wfmEmployeeId });
  }

  for (const field of ['upn', 'displayName'] as const) {
    const groups = new Map<string, string[]>();
    for (const u of users) {
      const v = u[field]?.trim().toLowerCase();
      if (v) groups.set(v, [...(groups.get(v) ?? []), u.userId]);
    }
    for (const [value, userIds] of groups) if (userIds.length > 1) report.duplicates.push({ field, value, userIds });
  }

  report.ok =
    report.unmappedTeams.length +
      report.unknownWfmTeams.length +
      report.unmappedEmployees.length +
      report.unknownEmployees.length +
      report.duplicates.length +
      report.employeesNotInTeam.length +
      report.errors.length ===
    0;
  return report;
}

/** The report as plain text for a terminal, one finding per line. */
export function formatValidationReport(r: ValidationReport): string {
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`, ...items.map((i) => `  - ${i}`));
  };
  section('Unmapped WFM teams', r.unmappedTeams.map((t) => `${t.wfmTeamId} (${t.name})`));
  section('Team mappings to unknown WFM teams', r.unknownWfmTeams.map((t) => `Teams team ${t.teamId} → ${t.wfmTeamId}`));
  section('Unmapped employees', r.unmappedEmployees.map((e) => `${e.employeeId} ${e.displayName} (WFM team ${e.wfmTeamId})`));
  section('User mappings to unknown employees', r.unknownEmployees.map((u) => `user ${u.userId} → ${u.wfmEmployeeId}`));
  section('Duplicates', r.duplicates.map((d) => `${d.field} "${d.value}" on users ${d.userIds.join(', ')}`));
  section('Employees not in their Teams team', r.employeesNotInTeam.map((e) => `${e.employeeId} ${e.displayName} (user ${e.userId}) is not a member of Teams team ${e.teamId}`));
  section('Could not check', r.errors.map((e) => `WFM team ${e.wfmTeamId}: ${e.message}`));
  if (!r.membershipChecked) lines.push('Teams membership was not checked.');
  if (r.ok) lines.unshift('All mappings look right.');
  return lines.join('\n');
}
