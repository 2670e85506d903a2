/**
 * The embedded WFM's business rules as pure functions over instants (ms since epoch). They
 * know nothing about the store, so the same code checks a write, simulates a swap, and is
 * unit-tested across DST changes. Messages are written for a frontline worker.
 */
import type { EmploymentType, WfmActivity } from '../contract.ts';
import { addDays, daysBetween, localDate, localParts, localWeekBounds, startOfLocalDay, weekday } from '../time.ts';
import type { ReasonEligibility, RuleConfig } from './rules-config.ts';

export interface Violation {
  code: string;
  message: string;
}

/** A shift reduced to what the rules look at. */
export interface Span {
  id: string;
  employeeId: string;
  teamId: string;
  start: number;
  end: number;
  /** Unpaid activities (breaks) inside the shift. */
  unpaid: Array<{ start: number; end: number }>;
}

const HOUR = 3_600_000;
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mon 9 Mar` for a local date. */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  void y;
  return `${DAY_NAMES[weekday(date)]} ${d} ${MONTHS[(m ?? 1) - 1]}`;
}

/** `Mon 9 Mar, 09:00` for an instant in a zone. */
export function whenLabel(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${dayLabel(localDate(instant, timeZone))}, ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

function hours(ms: number): string {
  const h = Math.round((ms / HOUR) * 100) / 100;
  return `${h} hour${h === 1 ? '' : 's'}`;
}

/** Unpaid milliseconds of activities, from the contract's activity list. */
export function unpaidOf(activities: WfmActivity[]): Array<{ start: number; end: number }> {
  return activities.filter((a) => !a.isPaid).map((a) => ({ start: Date.parse(a.start), end: Date.parse(a.end) }));
}

/** SHIFT_LENGTH: a shift ends after it starts and lasts between the configured bounds. */
export function checkShiftLength(start: number, end: number, rules: RuleConfig): Violation | null {
  if (!(end > start)) return { code: 'SHIFT_LENGTH', message: 'A shift has to end after it starts.' };
  const minMs = rules.minShiftMinutes * 60_000;
  const maxMs = rules.maxShiftHours * HOUR;
  if (end - start < minMs || end - start > maxMs) {
    const min = rules.minShiftMinutes === 1 ? '1 minute' : `${rules.minShiftMinutes} minutes`;
    return { code: 'SHIFT_LENGTH', message: `A shift has to be between ${min} and ${hours(maxMs)} long.` };
  }
  return null;
}

/** Activities must sit inside their shift and end after they start. */
export function checkActivities(start: number, end: number, activities: WfmActivity[]): Violation | null {
  for (const a of activities) {
    const s = Date.parse(a.start);
    const e = Date.parse(a.end);
    if (!(e > s) || s < start || e > end) {
      return { code: 'INVALID_INPUT', message: `The ${a.displayName || 'break'} has to fit inside the shift.` };
    }
  }
  return null;
}

/** The first instant that is not locked for a team (local midnight of today − grace days). */
export function lockCutoff(now: number, timeZone: string, rules: RuleConfig): number | null {
  if (!rules.lockPastDays) return null;
  return startOfLocalDay(addDays(localDate(now, timeZone), -rules.lockGraceDays), timeZone);
}

/** LOCKED_PERIOD: nothing that starts (or started) before the cutoff may change. */
export function checkLocked(starts: number[], now: number, timeZone: string, rules: RuleConfig): Violation | null {
  const cutoff = lockCutoff(now, timeZone, rules);
  if (cutoff === null) return null;
  if (starts.some((s) => s < cutoff)) {
    return {
      code: 'LOCKED_PERIOD',
      message: `The schedule before ${dayLabel(localDate(cutoff, timeZone))} is locked and can't be changed anymore.`,
    };
  }
  return null;
}

/** Paid milliseconds of a shift inside `[from, to)`: its overlap minus unpaid breaks there. */
export function paidMsWithin(span: Span, from: number, to: number): number {
  const clip = (s: number, e: number) => Math.max(0, Math.min(e, to) - Math.max(s, from));
  let ms = clip(span.start, span.end);
  for (const u of span.unpaid) ms -= clip(Math.max(u.start, span.start), Math.min(u.end, span.end));
  return Math.max(0, ms);
}

/** Paid hours of an employee in the local week holding `instant`. */
export function weeklyPaidHours(spans: Span[], instant: number, timeZone: string): { hours: number; monday: string } {
  const week = localWeekBounds(instant, timeZone);
  const ms = spans.reduce((sum, s) => sum + paidMsWithin(s, week.start, week.end), 0);
  return { hours: ms / HOUR, monday: week.monday };
}

export interface ScheduleContext {
  rulesOf(teamId: string): RuleConfig;
  zoneOf(teamId: string): string;
  nameOf(employeeId: string): string;
}

/** A violation of a schedule rule by one of the checked shifts. */
export interface ScheduleViolation extends Violation {
  /** Id of the checked shift that breaks the rule. */
  spanId: string;
}

/**
 * OVERLAP, MIN_REST and MAX_WEEKLY_HOURS for the `touched` shifts against all shifts of the
 * same employee (`all` includes the touched ones in their new state). Rules are checked one
 * at a time across every touched shift, so an overlap is reported before the weekly total
 * it also inflates.
 */
export function checkSchedule(touched: Span[], all: Span[], ctx: ScheduleContext): ScheduleViolation | null {
  const mineOf = (t: Span) => all.filter((s) => s.employeeId === t.employeeId);
  for (const t of touched) {
    const zone = ctx.zoneOf(t.teamId);
    const clash = mineOf(t).find((o) => o.id !== t.id && o.start < t.end && t.start < o.end);
    if (clash) {
      return {
        spanId: t.id,
        code: 'OVERLAP',
        message: `${ctx.nameOf(t.employeeId)} already works ${whenLabel(clash.start, zone)} to ${whenLabel(clash.end, zone).split(', ')[1]}, which overlaps this shift.`,
      };
    }
  }
  for (const t of touched) {
    const restMs = ctx.rulesOf(t.teamId).minRestHours * HOUR;
    for (const o of mineOf(t)) {
      if (o.id === t.id) continue;
      const gap = o.start >= t.end ? o.start - t.end : t.start - o.end;
      if (gap >= 0 && gap < restMs) {
        return {
          spanId: t.id,
          code: 'MIN_REST',
          message: `${ctx.nameOf(t.employeeId)} needs at least ${hours(restMs)} of rest between shifts; this leaves only ${hours(gap)}.`,
        };
      }
    }
  }
  for (const t of touched) {
    const zone = ctx.zoneOf(t.teamId);
    const limit = ctx.rulesOf(t.teamId).maxWeeklyHours;
    // A shift can straddle two local weeks (overnight Sunday): check each week it touches.
    const weeks = new Set([t.start, t.end - 1].map((i) => localWeekBounds(i, zone).start));
    for (const weekStartMs of weeks) {
      const { hours: total, monday } = weeklyPaidHours(mineOf(t), weekStartMs, zone);
      if (total > limit + 1e-9) {
        return {
          spanId: t.id,
          code: 'MAX_WEEKLY_HOURS',
          message: `This would give ${ctx.nameOf(t.employeeId)} ${Math.round(total * 100) / 100} hours in the week of ${dayLabel(monday)}; the limit is ${limit} hours.`,
        };
      }
    }
  }
  return null;
}

const TYPE_LABEL: Record<EmploymentType, string> = {
  full_time: 'full-time',
  part_time: 'part-time',
  seasonal: 'seasonal',
};

/** REASON_NOT_ELIGIBLE by employment type and tenure on the first day off. */
export function checkReasonEligibility(
  reason: { name: string; active: boolean; eligibility: ReasonEligibility },
  employee: { employmentType: EmploymentType; hireDate: string },
  firstDayOff: string,
): Violation | null {
  if (!reason.active) return { code: 'REASON_NOT_ELIGIBLE', message: `${reason.name} can't be used anymore.` };
  const e = reason.eligibility;
  if (!e.employmentTypes.includes(employee.employmentType)) {
    const who = e.employmentTypes.map((t) => TYPE_LABEL[t]).join(' and ');
    return { code: 'REASON_NOT_ELIGIBLE', message: `${reason.name} is only for ${who} staff.` };
  }
  const tenure = daysBetween(employee.hireDate, firstDayOff);
  if (tenure < e.minTenureDays) {
    return {
      code: 'REASON_NOT_ELIGIBLE',
      message: `${reason.name} is available after ${e.minTenureDays} days with the company (from ${dayLabel(addDays(employee.hireDate, e.minTenureDays))}).`,
    };
  }
  return null;
}

/** Hours a time off uses from a balance: at most 8 per local day it touches. */
export function chargedHours(start: number, end: number, timeZone: string): number {
  let total = 0;
  let day = localDate(start, timeZone);
  for (let guard = 0; guard < 800; guard++) {
    const dayStart = startOfLocalDay(day, timeZone);
    if (dayStart >= end) break;
    const next = startOfLocalDay(addDays(day, 1), timeZone);
    const ms = Math.max(0, Math.min(end, next) - Math.max(start, dayStart));
    total += Math.min(8, ms / HOUR);
    day = addDays(day, 1);
  }
  return total;
}

/** BALANCE_EXCEEDED: `used` already booked this local year plus `requested` over the allowance. */
export function checkBalance(
  reason: { name: string; eligibility: ReasonEligibility },
  employmentType: EmploymentType,
  usedHours: number,
  requestedHours: number,
): Violation | null {
  const allowance = reason.eligibility.annualHours?.[employmentType];
  if (allowance === undefined) return null;
  const left = Math.max(0, allowance - usedHours);
  if (left <= 1e-9) {
    return { code: 'BALANCE_EXCEEDED', message: `No ${reason.name} left this year: all ${hours(allowance * HOUR)} are used.` };
  }
  if (requestedHours > left + 1e-9) {
    return {
      code: 'BALANCE_EXCEEDED',
      message: `Not enough ${reason.name} left: ${hours(left * HOUR)} remaining this year, ${hours(requestedHours * HOUR)} asked for.`,
    };
  }
  return null;
}
