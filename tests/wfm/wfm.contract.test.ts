/**
 * The WFM adapter contract suite: the same behaviour, rule by rule, through the embedded WFM
 * and through the HTTP adapter against the WFM API server backed by an embedded WFM.
 */
import { describe, expect, it } from 'vitest';
import type { Actor, ShiftInput, WfmCommand, WfmError } from '../../connector/wfm/contract.ts';
import { CONTRACT_TARGETS, at, useHarness } from './support/harness.ts';

const NOW = new Date('2026-11-18T17:00:00Z'); // Wednesday; New York 12:00, London 17:00
const NY = 'America/New_York';
const BKN = 'store-bkn';
const CMD = 'store-cmd';
const MANAGER: Actor = { employeeId: null, role: 'manager', userId: 'b7d0c1e2-0a01-4b2c-9d3e-5f6a7b8c9d01' };
const worker = (employeeId: string): Actor => ({ employeeId, role: 'worker', userId: null });
const TWO_WEEKS = { start: '2026-11-16T00:00:00Z', end: '2026-12-01T00:00:00Z' };

function shift(employeeId: string, start: string, end: string, jobId: string | null = null): ShiftInput {
  return { employeeId, jobId, start, end, label: null, notes: null, theme: 'blue', activities: [] };
}

function expectError(r: { ok: boolean; error?: WfmError }, kind: WfmError['kind'], code: string): WfmError {
  expect(r.ok).toBe(false);
  const e = (r as { error: WfmError }).error;
  expect({ kind: e.kind, code: e.code }).toEqual({ kind, code });
  expect(e.message.length).toBeGreaterThan(10);
  return e;
}

describe.each(CONTRACT_TARGETS)('WFM contract ($kind adapter, $backend store)', ({ kind, backend }) => {
  const h = useHarness(kind, NOW, backend);
  const apply = (commands: WfmCommand[], actor: Actor = MANAGER, team = BKN) => h.adapter.apply(team, commands, actor);
  const bkn = (week: number, day: number, time: string) => at(NOW, NY, week, day, time);

  describe('reads', () => {
    it('lists the two demo stores with their IANA zones', async () => {
      const r = await h.adapter.listTeams();
      expect(r.ok && r.value).toEqual([
        { id: BKN, name: 'Contoso Market Brooklyn', timeZone: 'America/New_York' },
        { id: CMD, name: 'Contoso Market Camden', timeZone: 'Europe/London' },
      ]);
    });

    it('lists employees, jobs with who can work them, and time-off reasons', async () => {
      const employees = await h.adapter.listEmployees(BKN);
      expect(employees.ok && employees.value.map((e) => e.id)).toEqual(['E1001', 'E1002', 'E1003', 'E1004', 'E1005', 'E1006']);
      const jobs = await h.adapter.listJobs(CMD);
      expect(jobs.ok && jobs.value.map((j) => [j.name, j.employeeIds])).toEqual([
        ['Barista', ['E2005', 'E2006']],
        ['Cashier', ['E2001', 'E2002', 'E2004']],
        ['Stock Associate', ['E2003', 'E2004']],
      ]);
      const reasons = await h.adapter.listTimeOffReasons(BKN);
      expect(reasons.ok && reasons.value.map((r) => r.name).sort()).toEqual(['Jury duty', 'Parental leave', 'Personal (unpaid)', 'Sick', 'Vacation']);
    });

    it('lists two weeks of shifts with unpaid breaks, open shifts, time off and pending requests', async () => {
      const shifts = await h.adapter.listShifts(BKN, TWO_WEEKS);
      if (!shifts.ok) throw new Error(shifts.error.message);
      const monday = shifts.value.find((s) => s.id === 'S-E1001-2026-11-23')!;
      expect(monday).toMatchObject({ employeeId: 'E1001', start: bkn(1, 0, '09:00'), end: bkn(1, 0, '17:30'), version: '1' });
      expect(monday.activities).toEqual([
        { start: bkn(1, 0, '13:00'), end: bkn(1, 0, '13:30'), code: 'BREAK', displayName: 'Lunch', isPaid: false },
      ]);
      // E1002 has Friday of week 1 off (vacation), so no shift is seeded that day.
      expect(shifts.value.some((s) => s.employeeId === 'E1002' && s.start === bkn(1, 4, '12:00'))).toBe(false);
      const open = await h.adapter.listOpenShifts(BKN, TWO_WEEKS);
      expect(open.ok && open.value.map((o) => [o.id, o.slots])).toEqual([
        ['OS-O1', 2],
        ['OS-O2', 1],
      ]);
      const off = await h.adapter.listTimesOff(BKN, TWO_WEEKS);
      expect(off.ok && off.value.map((t) => [t.employeeId, t.reasonId, t.start])).toEqual([['E1002', 'R-VAC', bkn(1, 4, '00:00')]]);
      const requests = await h.adapter.listRequests(BKN, TWO_WEEKS);
      expect(requests.ok && requests.value.map((r) => [r.kind, r.state, r.assignedTo])).toEqual([
        ['timeOff', 'pending', 'manager'],
        ['swap', 'pending', 'recipient'],
      ]);
    });

    it('answers NotFound for an unknown team', async () => {
      expectError(await h.adapter.listShifts('nowhere', TWO_WEEKS), 'not_found', 'NOT_FOUND');
    });
  });

  describe('rules, each with its code', () => {
    it('accepts a valid shift and gives it version 1', async () => {
      const r = await apply([{ kind: 'shift.create', data: shift('E1006', bkn(1, 1, '07:00'), bkn(1, 1, '13:00'), 'store-bkn:barista') }]);
      expect(r.ok && r.value[0]).toMatchObject({ entityType: 'shift', version: '1', op: 'created' });
    });

    it('OVERLAP: two shifts of one employee at the same time', async () => {
      const e = expectError(await apply([{ kind: 'shift.create', data: shift('E1001', bkn(1, 0, '15:00'), bkn(1, 0, '19:00')) }]), 'rule_violation', 'OVERLAP');
      expect(e.message).toContain('Avery Johnson');
      expect(e.commandIndex).toBe(0);
    });

    it('MIN_REST: less than 8 hours between shifts', async () => {
      // Riley works Friday until 22:00; a shift from 03:00 on Saturday leaves 5 hours.
      const e = expectError(await apply([{ kind: 'shift.create', data: shift('E1003', bkn(1, 5, '03:00'), bkn(1, 5, '05:00')) }]), 'rule_violation', 'MIN_REST');
      expect(e.message).toContain('5 hours');
    });

    it('MAX_WEEKLY_HOURS: over 40 paid hours in the local week', async () => {
      // Avery already has 5 × 8 paid hours in week 1.
      const e = expectError(await apply([{ kind: 'shift.create', data: shift('E1001', bkn(1, 5, '10:00'), bkn(1, 5, '12:00')) }]), 'rule_violation', 'MAX_WEEKLY_HOURS');
      expect(e.message).toContain('42 hours');
      expect(e.message).toContain('40 hours');
    });

    it('SHIFT_LENGTH: not after its start, or longer than 24 hours; 1 minute is fine', async () => {
      expectError(await apply([{ kind: 'shift.create', data: shift('E1006', bkn(1, 1, '07:00'), bkn(1, 1, '07:00')) }]), 'rule_violation', 'SHIFT_LENGTH');
      expectError(await apply([{ kind: 'shift.create', data: shift('E1006', bkn(1, 1, '07:00'), bkn(1, 2, '07:01')) }]), 'rule_violation', 'SHIFT_LENGTH');
      const ok = await apply([{ kind: 'shift.create', data: shift('E1006', bkn(1, 1, '07:00'), bkn(1, 1, '07:01')) }]);
      expect(ok.ok).toBe(true);
    });

    it('LOCKED_PERIOD: past days cannot change, unless the team unlocks them', async () => {
      const past = await apply([{ kind: 'shift.delete', id: 'S-E1001-2026-11-16' }]);
      expect(expectError(past, 'rule_violation', 'LOCKED_PERIOD').message).toContain('Wed 18 Nov');
      expectError(await apply([{ kind: 'shift.create', data: shift('E1006', bkn(0, 1, '07:00'), bkn(0, 1, '09:00')) }]), 'rule_violation', 'LOCKED_PERIOD');
      const set = await h.backing.setTeamRules(BKN, { lockGraceDays: 7 });
      expect(set.ok).toBe(true);
      expect((await apply([{ kind: 'shift.delete', id: 'S-E1001-2026-11-16' }])).ok).toBe(true);
    });

    it('REASON_NOT_ELIGIBLE: by employment type and by tenure', async () => {
      const seasonal = await apply([{ kind: 'timeOff.create', data: { employeeId: 'E1005', reasonId: 'R-VAC', start: bkn(2, 0, '00:00'), end: bkn(2, 1, '00:00'), notes: null } }]);
      expect(expectError(seasonal, 'rule_violation', 'REASON_NOT_ELIGIBLE').message).toBe('Vacation is only for full-time and part-time staff.');
      const junior = await apply(
        [{ kind: 'request.create', data: { kind: 'timeOff', senderEmployeeId: 'E1006', recipientEmployeeId: null, senderShiftId: null, recipientShiftId: null, openShiftId: null, reasonId: 'R-VAC', start: bkn(2, 0, '00:00'), end: bkn(2, 1, '00:00'), senderMessage: null } }],
        worker('E1006'),
      );
      expect(expectError(junior, 'rule_violation', 'REASON_NOT_ELIGIBLE').message).toContain('after 90 days');
    });

    it('BALANCE_EXCEEDED: more hours than the yearly allowance left', async () => {
      const ask = (days: number) => apply([{ kind: 'timeOff.create', data: { employeeId: 'E1003', reasonId: 'R-VAC', start: bkn(2, 0, '00:00'), end: bkn(2, days, '00:00'), notes: null } }]);
      // Part-time vacation is 40 hours a year, 8 per day.
      const e = expectError(await ask(6), 'rule_violation', 'BALANCE_EXCEEDED');
      expect(e.message).toBe('Not enough Vacation left: 40 hours remaining this year, 48 hours asked for.');
      expect((await ask(5)).ok).toBe(true);
    });

    it('SWAP_NOT_ELIGIBLE: only within the same job, and never when the swap breaks a rule', async () => {
      const swap = (recipient: string, recipientShift: string) =>
        apply(
          [{ kind: 'request.create', data: { kind: 'swap', senderEmployeeId: 'E1001', recipientEmployeeId: recipient, senderShiftId: 'S-E1001-2026-11-24', recipientShiftId: recipientShift, openShiftId: null, reasonId: null, start: null, end: null, senderMessage: null } }],
          worker('E1001'),
        );
      expect(expectError(await swap('E1004', 'S-E1004-2026-11-24'), 'rule_violation', 'SWAP_NOT_ELIGIBLE').message).toContain('same job');
      // Riley's Thursday evening would overlap Avery's own Thursday shift.
      expect(expectError(await swap('E1003', 'S-E1003-2026-11-26'), 'rule_violation', 'SWAP_NOT_ELIGIBLE').message).toContain('overlaps');
      expect((await swap('E1002', 'S-E1002-2026-11-24')).ok).toBe(true);
    });

    it('INVALID_INPUT: unknown employees and malformed commands are rejected with the failing index', async () => {
      expectError(await apply([{ kind: 'shift.create', data: shift('E9999', bkn(1, 1, '07:00'), bkn(1, 1, '09:00')) }]), 'rule_violation', 'INVALID_INPUT');
      const bad = await apply([
        { kind: 'shift.create', data: shift('E1006', bkn(1, 1, '07:00'), bkn(1, 1, '09:00')) },
        { kind: 'shift.create', data: { ...shift('E1006', 'tuesday', bkn(1, 1, '09:00')) } },
      ]);
      expect(expectError(bad, 'rule_violation', 'INVALID_INPUT').commandIndex).toBe(1);
    });

    it('NotAllowed: workers change shifts through requests only', async () => {
      expectError(await apply([{ kind: 'shift.create', data: shift('E1006', bkn(1, 1, '07:00'), bkn(1, 1, '09:00')) }], worker('E1006')), 'not_allowed', 'NOT_ALLOWED');
    });
  });

  describe('requests', () => {
    it('a swap goes recipient → manager and its approval swaps both shifts atomically', async () => {
      const early = await apply([{ kind: 'request.transition', id: 'RQ-Q2', transition: 'approve', message: null }]);
      expectError(early, 'rule_violation', 'INVALID_TRANSITION');
      expectError(await apply([{ kind: 'request.transition', id: 'RQ-Q2', transition: 'accept', message: null }], worker('E1003')), 'not_allowed', 'NOT_ALLOWED');
      const accepted = await apply([{ kind: 'request.transition', id: 'RQ-Q2', transition: 'accept', message: null }], worker('E1002'));
      expect(accepted.ok && accepted.value[0]!.version).toBe('2');
      const approved = await apply([{ kind: 'request.transition', id: 'RQ-Q2', expectedVersion: '2', transition: 'approve', message: 'Enjoy' }]);
      expect(approved.ok).toBe(true);
      const shifts = await h.adapter.listShifts(BKN, TWO_WEEKS);
      const byId = new Map(shifts.ok ? shifts.value.map((s) => [s.id, s]) : []);
      expect(byId.get('S-E1001-2026-11-23')).toMatchObject({ employeeId: 'E1002', version: '2' });
      expect(byId.get('S-E1002-2026-11-23')).toMatchObject({ employeeId: 'E1001', version: '2' });
      const requests = await h.adapter.listRequests(BKN, TWO_WEEKS);
      expect(requests.ok && requests.value.find((r) => r.id === 'RQ-Q2')).toMatchObject({ state: 'approved', assignedTo: 'system', managerMessage: 'Enjoy' });
    });

    it('approving an open-shift request assigns it and uses one slot', async () => {
      const r = await apply([{ kind: 'request.transition', id: 'RQ-Q4', transition: 'approve', message: null }], MANAGER, CMD);
      expect(r.ok).toBe(true);
      const shifts = await h.adapter.listShifts(CMD, TWO_WEEKS);
      const open = await h.adapter.listOpenShifts(CMD, TWO_WEEKS);
      expect(open.ok && open.value.map((o) => o.id)).toEqual(['OS-O4']);
      expect(shifts.ok && shifts.value.filter((s) => s.employeeId === 'E2006' && s.jobId === 'store-cmd:barista' && s.start.startsWith('2026-11-25')).length).toBe(1);
    });

    it('approving a time-off request books the time off', async () => {
      const r = await apply([{ kind: 'request.transition', id: 'RQ-Q1', transition: 'approve', message: null }]);
      expect(r.ok).toBe(true);
      const off = await h.adapter.listTimesOff(BKN, TWO_WEEKS);
      expect(off.ok && off.value.filter((t) => t.employeeId === 'E1001').map((t) => [t.reasonId, t.start, t.end])).toEqual([['R-VAC', bkn(1, 2, '00:00'), bkn(1, 3, '00:00')]]);
    });
  });

  describe('open shifts, time off and request answers', () => {
    it('creates, updates and deletes an open shift with versions', async () => {
      const data = { jobId: 'store-bkn:stock', start: bkn(1, 2, '06:00'), end: bkn(1, 2, '10:00'), slots: 2, label: null, notes: null, theme: 'green', activities: [] };
      const created = await apply([{ kind: 'openShift.create', data }]);
      if (!created.ok) throw new Error(created.error.message);
      const id = created.value[0]!.id;
      const updated = await apply([{ kind: 'openShift.update', id, expectedVersion: '1', data: { ...data, slots: 3 } }]);
      expect(updated.ok && updated.value[0]).toMatchObject({ entityType: 'openShift', version: '2', op: 'updated' });
      expectError(await apply([{ kind: 'openShift.update', id, data: { ...data, slots: 0 } }]), 'rule_violation', 'INVALID_INPUT');
      expectError(await apply([{ kind: 'openShift.update', id, data: { ...data, end: bkn(1, 3, '07:00') } }]), 'rule_violation', 'SHIFT_LENGTH');
      expect((await apply([{ kind: 'openShift.delete', id, expectedVersion: '2' }])).ok).toBe(true);
      const open = await h.adapter.listOpenShifts(BKN, TWO_WEEKS);
      expect(open.ok && open.value.some((o) => o.id === id)).toBe(false);
    });

    it('moves time off without charging it twice, and locks past time off', async () => {
      // Part-time vacation allowance is 40 hours: moving 5 days to other dates must still fit.
      const days = (week: number, day: number, n: number) => ({ employeeId: 'E1003', reasonId: 'R-VAC', start: bkn(week, day, '00:00'), end: bkn(week, day + n, '00:00'), notes: null });
      const created = await apply([{ kind: 'timeOff.create', data: days(2, 0, 5) }]);
      if (!created.ok) throw new Error(created.error.message);
      const moved = await apply([{ kind: 'timeOff.update', id: created.value[0]!.id, expectedVersion: '1', data: days(3, 0, 5) }]);
      expect(moved.ok && moved.value[0]!.version).toBe('2');
      expectError(await apply([{ kind: 'timeOff.create', data: days(4, 0, 1) }]), 'rule_violation', 'BALANCE_EXCEEDED');
      expectError(await apply([{ kind: 'timeOff.create', data: { ...days(0, 0, 1), employeeId: 'E1001' } }]), 'rule_violation', 'LOCKED_PERIOD');
      expect((await apply([{ kind: 'timeOff.delete', id: created.value[0]!.id }])).ok).toBe(true);
    });

    it('lets the colleague decline and the sender cancel, and nothing moves after that', async () => {
      const declined = await apply([{ kind: 'request.transition', id: 'RQ-Q2', transition: 'decline', message: null }], worker('E1002'));
      expect(declined.ok).toBe(true);
      expectError(await apply([{ kind: 'request.transition', id: 'RQ-Q2', transition: 'accept', message: null }], worker('E1002')), 'rule_violation', 'INVALID_TRANSITION');
      const cancelled = await apply([{ kind: 'request.transition', id: 'RQ-Q1', transition: 'cancel', message: null }], worker('E1001'));
      expect(cancelled.ok).toBe(true);
      const requests = await h.adapter.listRequests(BKN, TWO_WEEKS);
      expect(requests.ok && requests.value.map((r) => [r.id, r.state])).toEqual([
        ['RQ-Q1', 'cancelled'],
        ['RQ-Q2', 'declined'],
      ]);
      const shifts = await h.adapter.listShifts(BKN, TWO_WEEKS);
      expect(shifts.ok && shifts.value.find((x) => x.id === 'S-E1001-2026-11-23')!.employeeId).toBe('E1001');
    });

    it('rejects an unknown change-feed cursor', async () => {
      expectError(await h.adapter.changesSince('not-a-cursor'), 'rule_violation', 'INVALID_INPUT');
    });
  });

  describe('atomicity and concurrency', () => {
    it('applies nothing when one command of a batch breaks a rule', async () => {
      const before = await h.adapter.changesSince(null, 1000);
      const r = await apply([
        { kind: 'shift.create', data: shift('E1006', bkn(1, 1, '07:00'), bkn(1, 1, '13:00')) },
        { kind: 'shift.update', id: 'S-E1001-2026-11-23', data: shift('E1001', bkn(1, 0, '08:00'), bkn(1, 0, '16:00')) },
        { kind: 'shift.create', data: shift('E1001', bkn(1, 1, '16:00'), bkn(1, 1, '20:00')) },
      ]);
      expect(expectError(r, 'rule_violation', 'OVERLAP').commandIndex).toBe(2);
      const shifts = await h.adapter.listShifts(BKN, TWO_WEEKS);
      expect(shifts.ok && shifts.value.find((s) => s.id === 'S-E1001-2026-11-23')).toMatchObject({ start: bkn(1, 0, '09:00'), version: '1' });
      expect(shifts.ok && shifts.value.some((s) => s.employeeId === 'E1006' && s.start === bkn(1, 1, '07:00'))).toBe(false);
      const after = await h.adapter.changesSince(null, 1000);
      expect(after.ok && after.value.changes.length).toBe(before.ok && before.value.changes.length);
    });

    it('rejects a write with a stale version as a Conflict', async () => {
      const data = shift('E1001', bkn(1, 0, '08:00'), bkn(1, 0, '16:00'));
      const first = await apply([{ kind: 'shift.update', id: 'S-E1001-2026-11-23', expectedVersion: '1', data }]);
      expect(first.ok && first.value[0]!.version).toBe('2');
      const stale = await apply([{ kind: 'shift.update', id: 'S-E1001-2026-11-23', expectedVersion: '1', data: { ...data, notes: 'late' } }]);
      expectError(stale, 'conflict', 'STALE_VERSION');
      expectError(await apply([{ kind: 'shift.delete', id: 'S-E1001-2026-11-23', expectedVersion: '1' }]), 'conflict', 'STALE_VERSION');
      expectError(await apply([{ kind: 'shift.delete', id: 'no-such-shift' }]), 'not_found', 'NOT_FOUND');
    });
  });

  describe('change feed', () => {
    it('pages from the beginning and marks where each change came from', async () => {
      const first = await h.adapter.changesSince(null, 10);
      if (!first.ok) throw new Error(first.error.message);
      expect(first.value.changes).toHaveLength(10);
      expect(first.value.hasMore).toBe(true);
      expect(new Set(first.value.changes.map((c) => c.origin))).toEqual(new Set(['wfm']));
      let cursor = first.value.cursor;
      for (;;) {
        const page = await h.adapter.changesSince(cursor, 500);
        if (!page.ok) throw new Error(page.error.message);
        cursor = page.value.cursor;
        if (!page.value.hasMore) break;
      }
      const fromShifts = await apply([{ kind: 'shift.create', data: shift('E1006', bkn(1, 1, '07:00'), bkn(1, 1, '13:00')) }]);
      const fromWfm = await h.backing.applyAsWfm(BKN, [{ kind: 'shift.delete', id: 'S-E1006-2026-11-25' }]);
      expect(fromShifts.ok && fromWfm.ok).toBe(true);
      const tail = await h.adapter.changesSince(cursor);
      if (!tail.ok) throw new Error(tail.error.message);
      expect(tail.value.changes.map((c) => [c.entityType, c.op, c.origin, c.teamId])).toEqual([
        ['shift', 'created', 'shifts', BKN],
        ['shift', 'deleted', 'wfm', BKN],
      ]);
      const deleted = tail.value.changes[1]!;
      expect(deleted.entityType === 'shift' && deleted.entity.employeeId).toBe('E1006');
      const empty = await h.adapter.changesSince(tail.value.cursor);
      expect(empty.ok && empty.value).toEqual({ changes: [], cursor: tail.value.cursor, hasMore: false });
    });
  });

  describe('eligibility', () => {
    it('lists the time-off reasons an employee may use, and why not the others', async () => {
      const r = await h.adapter.eligibleTimeOffReasons(BKN, 'E1005');
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.eligible.map((x) => x.id).sort()).toEqual(['R-PERS', 'R-SICK']);
      expect(r.value.ineligible.map((x) => [x.reason.id, x.code]).sort()).toEqual([
        ['R-JURY', 'REASON_NOT_ELIGIBLE'],
        ['R-PAR', 'REASON_NOT_ELIGIBLE'],
        ['R-VAC', 'REASON_NOT_ELIGIBLE'],
      ]);
      expectError(await h.adapter.eligibleTimeOffReasons(BKN, 'E2001'), 'not_found', 'NOT_FOUND');
    });

    it('marks a reason whose yearly allowance is used up', async () => {
      const booked = await apply([{ kind: 'timeOff.create', data: { employeeId: 'E1003', reasonId: 'R-VAC', start: bkn(2, 0, '00:00'), end: bkn(2, 5, '00:00'), notes: null } }]);
      expect(booked.ok).toBe(true);
      const r = await h.adapter.eligibleTimeOffReasons(BKN, 'E1003');
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.ineligible.find((x) => x.reason.id === 'R-VAC')).toMatchObject({ code: 'BALANCE_EXCEEDED', message: 'No Vacation left this year: all 40 hours are used.' });
      expect(r.value.eligible.map((x) => x.id)).toContain('R-SICK');
    });

    it('lists shifts a colleague in the same job could swap without breaking a rule', async () => {
      const r = await h.adapter.swappableShifts(BKN, 'S-E1001-2026-11-24', { start: bkn(1, 0, '00:00'), end: bkn(2, 0, '00:00') });
      if (!r.ok) throw new Error(r.error.message);
      const ids = r.value.map((s) => s.id);
      expect(ids).toContain('S-E1002-2026-11-24');
      // Riley's Saturday fits; Riley's Thursday would overlap Avery's own Thursday shift.
      expect(ids).toContain('S-E1003-2026-11-28');
      expect(ids).not.toContain('S-E1003-2026-11-26');
      // Stock and barista shifts are other jobs.
      expect(ids.filter((id) => /^S-E100[456]-/.test(id))).toEqual([]);
    });
  });
});
