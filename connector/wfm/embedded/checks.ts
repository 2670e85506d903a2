/**
 * Store-aware rule evaluation: loads what the pure rules in `rules.ts` need (the employee's
 * other shifts, every team's zone and rules, booked time off) and runs them.
 */
import type { Queryable } from '../../store/index.ts';
import type { WfmEmployee, WfmShift } from '../contract.ts';
import { localDate, parseDate, zonedTimeToUtc } from '../time.ts';
import { getEmployee, listTeamRecords, type ReasonRecord, type TeamRecord } from './repo-reference.ts';
import { listShiftsOfEmployees, listTimesOffOfEmployee } from './repo-schedule.ts';
import { chargedHours, checkBalance, checkReasonEligibility, checkSchedule, unpaidOf, type ScheduleViolation, type Span, type Violation } from './rules.ts';

const DAY = 86_400_000;

export function toSpan(s: Pick<WfmShift, 'id' | 'employeeId' | 'teamId' | 'start' | 'end' | 'activities'>): Span {
  return {
    id: s.id,
    employeeId: s.employeeId,
    teamId: s.teamId,
    start: Date.parse(s.start),
    end: Date.parse(s.end),
    unpaid: unpaidOf(s.activities),
  };
}

/**
 * Checks OVERLAP, MIN_REST and MAX_WEEKLY_HOURS for `candidates` (shifts in their new state).
 * `override` replaces stored shifts by id (a simulated swap); `removed` hides stored shifts.
 */
export async function checkCandidates(
  q: Queryable,
  candidates: Span[],
  override: Span[] = [],
  removed: string[] = [],
  knownTeams: readonly TeamRecord[] = [],
): Promise<ScheduleViolation | null> {
  if (candidates.length === 0) return null;
  const employeeIds = [...new Set(candidates.map((c) => c.employeeId))];
  const from = Math.min(...candidates.map((c) => c.start)) - 9 * DAY;
  const to = Math.max(...candidates.map((c) => c.end)) + 9 * DAY;
  const replaced = new Set([...override.map((o) => o.id), ...removed]);
  const stored = (await listShiftsOfEmployees(q, employeeIds, from, to)).map(toSpan).filter((s) => !replaced.has(s.id));
  const all = [...stored, ...override.filter((o) => employeeIds.includes(o.employeeId))];
  // Zones and rules of the teams involved; only load the list when a shift is in another team.
  const teams = new Map(knownTeams.map((t) => [t.team.id, t]));
  if (all.some((s) => !teams.has(s.teamId)) || candidates.some((s) => !teams.has(s.teamId))) {
    for (const t of await listTeamRecords(q)) teams.set(t.team.id, t);
  }
  const rules = (names: Map<string, string>) => ({
    rulesOf: (teamId: string) => teams.get(teamId)!.rules,
    zoneOf: (teamId: string) => teams.get(teamId)!.team.timeZone,
    nameOf: (id: string) => names.get(id) ?? id,
  });
  const found = checkSchedule(candidates, all, rules(new Map()));
  if (!found) return null;
  // Names only matter for the message: load them when something is wrong and say it again.
  const names = new Map<string, string>();
  for (const id of employeeIds) names.set(id, (await getEmployee(q, id))?.displayName ?? id);
  return checkSchedule(candidates, all, rules(names));
}

/**
 * REASON_NOT_ELIGIBLE and BALANCE_EXCEEDED for a time off `[start, end)`. `excludeId` leaves
 * out the time off being replaced, so an edit is not charged twice.
 */
export async function checkTimeOff(
  q: Queryable,
  team: TeamRecord,
  employee: WfmEmployee,
  reason: ReasonRecord,
  start: number,
  end: number,
  excludeId?: string,
): Promise<Violation | null> {
  const zone = team.team.timeZone;
  const firstDay = localDate(start, zone);
  const eligible = checkReasonEligibility({ ...reason.reason, eligibility: reason.eligibility }, employee, firstDay);
  if (eligible) return eligible;
  if (!reason.eligibility.annualHours) return null;
  const year = parseDate(firstDay).year;
  const yearStart = zonedTimeToUtc({ year, month: 1, day: 1 }, { hour: 0, minute: 0 }, zone);
  const yearEnd = zonedTimeToUtc({ year: year + 1, month: 1, day: 1 }, { hour: 0, minute: 0 }, zone);
  const booked = await listTimesOffOfEmployee(q, employee.id, reason.reason.id, yearStart, yearEnd);
  const used = booked
    .filter((t) => t.id !== excludeId)
    .reduce((sum, t) => sum + chargedHours(Math.max(Date.parse(t.start), yearStart), Math.min(Date.parse(t.end), yearEnd), zone), 0);
  const requested = chargedHours(start, Math.min(end, yearEnd), zone);
  return checkBalance({ name: reason.reason.name, eligibility: reason.eligibility }, employee.employmentType, used, requested);
}
