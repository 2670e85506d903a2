/**
 * Seeds the embedded WFM with the demo on first start. Everything is derived from
 * `demo.ts` and the seed date, so two fresh starts in the same week produce the same data
 * and ids. Seeded entities enter the change feed (origin `wfm`) like any other WFM change.
 */
import type { Queryable, Store } from '../../store/index.ts';
import type { WfmActivity, WfmChange, WfmEmployee, WfmOpenShift, WfmRequest, WfmShift, WfmTimeOff } from '../contract.ts';
import { addDays, iso, localDate, parseDate, startOfLocalDay, weekStart, zonedTimeToUtc } from '../time.ts';
import { WFM_WRITE_LOCK } from './apply.ts';
import {
  DEMO_BREAK,
  DEMO_EMPLOYEES,
  DEMO_JOBS,
  DEMO_OPEN_SHIFTS,
  DEMO_REQUESTS,
  DEMO_TEAMS,
  DEMO_TIME_OFF_REASONS,
  DEMO_TIMES_OFF,
  demoJobId,
  type DemoShiftRef,
} from './demo.ts';
import { insertEmployee, insertJob, insertTeam, listJobsOfTeam, upsertReason } from './repo-reference.ts';
import { recordChange, saveOpenShift, saveRequest, saveShift, saveTimeOff } from './repo-schedule.ts';

const MINUTE = 60_000;

function hm(v: string): { hour: number; minute: number } {
  const [h, m] = v.split(':').map(Number);
  return { hour: h ?? 0, minute: m ?? 0 };
}

/** Local `[start, end)` of a pattern slot on a date; an end before the start is the next day. */
function slot(date: string, start: string, end: string, zone: string): { start: number; end: number } {
  const s = zonedTimeToUtc(parseDate(date), hm(start), zone);
  const endDate = end <= start ? addDays(date, 1) : date;
  return { start: s, end: zonedTimeToUtc(parseDate(endDate), hm(end), zone) };
}

/** An unpaid break in the middle of shifts longer than the demo's threshold. */
function breaksFor(start: number, end: number): WfmActivity[] {
  if (end - start <= DEMO_BREAK.afterHours * 60 * MINUTE) return [];
  const quarter = 15 * MINUTE;
  const breakStart = start + Math.floor((end - start - DEMO_BREAK.minutes * MINUTE) / 2 / quarter) * quarter;
  return [
    {
      start: iso(breakStart),
      end: iso(breakStart + DEMO_BREAK.minutes * MINUTE),
      code: DEMO_BREAK.code,
      displayName: DEMO_BREAK.displayName,
      isPaid: DEMO_BREAK.isPaid,
    },
  ];
}

/** The local date of a (weekOffset, weekday) slot for a team. */
function dateOf(monday: string, weekOffset: number, weekdayIndex: number): string {
  return addDays(monday, weekOffset * 7 + weekdayIndex);
}

export function demoShiftId(employeeId: string, date: string): string {
  return `S-${employeeId}-${date}`;
}

/** Seeds the demo unless the WFM already has teams. Returns true when it seeded. */
export async function seedIfEmpty(store: Store, now: Date): Promise<boolean> {
  return store.transaction(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [WFM_WRITE_LOCK]);
    const existing = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM wfm_teams');
    if ((existing[0]?.n ?? 0) > 0) return false;
    await seedDemo(q, now);
    return true;
  });
}

async function seedDemo(q: Queryable, now: Date): Promise<void> {
  const at = now.toISOString();
  const change = (c: Omit<WfmChange, 'origin' | 'at' | 'op'>) => recordChange(q, { ...c, op: 'created', origin: 'wfm', at } as WfmChange);

  for (const r of DEMO_TIME_OFF_REASONS) {
    const reason = { id: r.id, name: r.name, iconType: r.iconType, paid: r.paid, active: true };
    await upsertReason(q, { reason, eligibility: r.eligibility });
    for (const t of DEMO_TEAMS) await change({ entityType: 'timeOffReason', id: r.id, teamId: t.wfmTeamId, entity: reason });
  }

  const shiftIds = new Map<string, WfmShift>();
  const openIds = new Map<string, WfmOpenShift>();
  for (const t of DEMO_TEAMS) {
    const zone = t.timeZone;
    const today = localDate(now.getTime(), zone);
    const monday = weekStart(today);
    await insertTeam(q, { id: t.wfmTeamId, name: t.name, timeZone: zone });
    for (const j of DEMO_JOBS) await insertJob(q, { id: demoJobId(t.wfmTeamId, j.key), teamId: t.wfmTeamId, name: j.name });

    const staff = DEMO_EMPLOYEES.filter((e) => e.wfmTeamId === t.wfmTeamId);
    for (const e of staff) {
      const employee: WfmEmployee = {
        id: e.wfmEmployeeId,
        teamIds: [t.wfmTeamId],
        displayName: e.displayName,
        email: e.upn,
        jobIds: e.jobKeys.map((k) => demoJobId(t.wfmTeamId, k)),
        employmentType: e.employmentType,
        hireDate: addDays(today, -e.tenureDays),
      };
      await insertEmployee(q, employee);
      await change({ entityType: 'employee', id: employee.id, teamId: t.wfmTeamId, entity: employee });
    }
    for (const job of await listJobsOfTeam(q, t.wfmTeamId)) await change({ entityType: 'job', id: job.id, teamId: t.wfmTeamId, entity: job });

    const daysOff = new Set<string>();
    for (const off of DEMO_TIMES_OFF.filter((o) => staff.some((e) => e.wfmEmployeeId === o.wfmEmployeeId))) {
      const first = dateOf(monday, off.weekOffset, off.weekday);
      for (let d = 0; d < off.days; d++) daysOff.add(`${off.wfmEmployeeId}/${addDays(first, d)}`);
      const timeOff: WfmTimeOff = {
        id: `TO-${off.key}`,
        version: '1',
        teamId: t.wfmTeamId,
        employeeId: off.wfmEmployeeId,
        reasonId: off.reasonId,
        start: iso(startOfLocalDay(first, zone)),
        end: iso(startOfLocalDay(addDays(first, off.days), zone)),
        notes: null,
      };
      await saveTimeOff(q, timeOff);
      await change({ entityType: 'timeOff', id: timeOff.id, teamId: t.wfmTeamId, entity: timeOff });
    }

    for (const e of staff) {
      for (const weekOffset of [0, 1]) {
        for (const p of e.pattern) {
          const date = dateOf(monday, weekOffset, p.weekday);
          if (daysOff.has(`${e.wfmEmployeeId}/${date}`)) continue;
          const span = slot(date, p.start, p.end, zone);
          const job = DEMO_JOBS.find((j) => j.key === p.jobKey);
          const shift: WfmShift = {
            id: demoShiftId(e.wfmEmployeeId, date),
            version: '1',
            teamId: t.wfmTeamId,
            employeeId: e.wfmEmployeeId,
            jobId: demoJobId(t.wfmTeamId, p.jobKey),
            start: iso(span.start),
            end: iso(span.end),
            label: job?.name ?? null,
            notes: null,
            theme: job?.theme ?? 'blue',
            activities: breaksFor(span.start, span.end),
          };
          await saveShift(q, shift);
          shiftIds.set(shift.id, shift);
          await change({ entityType: 'shift', id: shift.id, teamId: t.wfmTeamId, entity: shift });
        }
      }
    }

    for (const o of DEMO_OPEN_SHIFTS.filter((x) => x.wfmTeamId === t.wfmTeamId)) {
      const span = slot(dateOf(monday, o.weekOffset, o.weekday), o.start, o.end, zone);
      const job = DEMO_JOBS.find((j) => j.key === o.jobKey);
      const open: WfmOpenShift = {
        id: `OS-${o.key}`,
        version: '1',
        teamId: t.wfmTeamId,
        jobId: demoJobId(t.wfmTeamId, o.jobKey),
        start: iso(span.start),
        end: iso(span.end),
        slots: o.slots,
        label: job?.name ?? null,
        notes: 'Extra cover needed',
        theme: job?.theme ?? 'blue',
        activities: breaksFor(span.start, span.end),
      };
      await saveOpenShift(q, open);
      openIds.set(o.key, open);
      await change({ entityType: 'openShift', id: open.id, teamId: t.wfmTeamId, entity: open });
    }
  }

  for (const r of DEMO_REQUESTS) {
    const sender = DEMO_EMPLOYEES.find((e) => e.wfmEmployeeId === r.sender)!;
    const team = DEMO_TEAMS.find((t) => t.wfmTeamId === sender.wfmTeamId)!;
    const monday = weekStart(localDate(now.getTime(), team.timeZone));
    const shiftOf = (employeeId: string, ref: DemoShiftRef) => shiftIds.get(demoShiftId(employeeId, dateOf(monday, ref.weekOffset, ref.weekday)));
    const base: WfmRequest = {
      id: `RQ-${r.key}`,
      version: '1',
      teamId: team.wfmTeamId,
      kind: r.kind,
      state: 'pending',
      assignedTo: r.kind === 'swap' || r.kind === 'offer' ? 'recipient' : 'manager',
      senderEmployeeId: r.sender,
      recipientEmployeeId: null,
      senderShiftId: null,
      recipientShiftId: null,
      openShiftId: null,
      reasonId: null,
      start: null,
      end: null,
      senderMessage: r.message,
      managerMessage: null,
      createdAt: at,
    };
    if (r.kind === 'timeOff') {
      const first = dateOf(monday, r.weekOffset, r.weekday);
      base.reasonId = r.reasonId;
      base.start = iso(startOfLocalDay(first, team.timeZone));
      base.end = iso(startOfLocalDay(addDays(first, r.days), team.timeZone));
    } else if (r.kind === 'swap' || r.kind === 'offer') {
      const mine = shiftOf(r.sender, r.senderShift);
      if (!mine) continue;
      base.recipientEmployeeId = r.recipient;
      base.senderShiftId = mine.id;
      base.start = mine.start;
      base.end = mine.end;
      if (r.kind === 'swap') base.recipientShiftId = shiftOf(r.recipient, r.recipientShift)?.id ?? null;
      if (r.kind === 'swap' && base.recipientShiftId === null) continue;
    } else {
      const open = openIds.get(r.openShiftKey);
      if (!open) continue;
      base.openShiftId = open.id;
      base.start = open.start;
      base.end = open.end;
    }
    await saveRequest(q, base);
    await change({ entityType: 'request', id: base.id, teamId: base.teamId, entity: base });
  }
}
