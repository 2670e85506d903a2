/**
 * What only the embedded WFM promises beyond the contract: push notifications, a seed that
 * runs once, per-team rule configuration, serialised concurrent writers, and requests that
 * close when their shift disappears.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../connector/wfm/contract.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { at, MANAGER_ACTOR as MANAGER, plainShift as shift, useHarness } from './support/harness.ts';

const NOW = new Date('2026-11-18T17:00:00Z');
const NY = 'America/New_York';

describe.each(STORE_BACKENDS)('embedded WFM (%s store)', (backend) => {
  const h = useHarness('embedded', NOW, backend);
  const bkn = (week: number, day: number, time: string) => at(NOW, NY, week, day, time);

  it('notifies subscribers after each committed change, not after a rejected one', async () => {
    let calls = 0;
    const off = h.backing.subscribe!(() => calls++);
    await h.backing.apply('store-bkn', [{ kind: 'shift.create', data: shift('E1006', bkn(1, 1, '07:00'), bkn(1, 1, '09:00')) }], MANAGER);
    await h.backing.apply('store-bkn', [{ kind: 'shift.create', data: shift('E1006', bkn(1, 1, '08:00'), bkn(1, 1, '10:00')) }], MANAGER);
    await h.backing.applyAsWfm('store-bkn', [{ kind: 'shift.delete', id: 'S-E1006-2026-11-25' }]);
    expect(calls).toBe(2);
    off();
    await h.backing.applyAsWfm('store-bkn', [{ kind: 'shift.delete', id: 'S-E1006-2026-11-27' }]);
    expect(calls).toBe(2);
  });

  it('seeds once: a second start finds the data and adds nothing', async () => {
    const before = await h.backing.changesSince(null, 1000);
    expect(await h.backing.seed()).toBe(false);
    const after = await h.backing.changesSince(null, 1000);
    expect(after.ok && after.value.changes.length).toBe(before.ok && before.value.changes.length);
  });

  it('serialises concurrent writers: of two clashing shifts sent at once, exactly one wins', async () => {
    const [a, b] = await Promise.all([
      h.backing.apply('store-bkn', [{ kind: 'shift.create', data: shift('E1006', bkn(1, 1, '07:00'), bkn(1, 1, '11:00')) }], MANAGER),
      h.backing.apply('store-bkn', [{ kind: 'shift.create', data: shift('E1006', bkn(1, 1, '09:00'), bkn(1, 1, '13:00')) }], MANAGER),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const loser = a.ok ? b : a;
    expect(!loser.ok && loser.error.code).toBe('OVERLAP');
  });

  it('applies per-team rule overrides and validates them', async () => {
    const tight = await h.backing.setTeamRules('store-bkn', { maxWeeklyHours: 20, minRestHours: 12 });
    expect(tight.ok && tight.value).toMatchObject({ maxWeeklyHours: 20, minRestHours: 12, maxShiftHours: 24 });
    // Priya has 18 h in week 1; 3 more is over 20 in Brooklyn, while Camden keeps the default 40.
    const r = await h.backing.apply('store-bkn', [{ kind: 'shift.create', data: shift('E1006', bkn(1, 1, '08:00'), bkn(1, 1, '11:00')) }], MANAGER);
    expect(!r.ok && r.error.message).toContain('the limit is 20 hours');
    const camden = await h.backing.getTeamRules('store-cmd');
    expect(camden.ok && camden.value.rules.maxWeeklyHours).toBe(40);
    const bad = await h.backing.setTeamRules('store-bkn', { maxWeeklyHours: 0 });
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
  });

  it('closes pending swaps and offers about a shift the WFM removes', async () => {
    const r = await h.backing.applyAsWfm('store-bkn', [{ kind: 'shift.delete', id: 'S-E1001-2026-11-23' }]);
    expect(r.ok).toBe(true);
    const requests = await h.backing.listRequests('store-bkn', { start: '2026-11-16T00:00:00Z', end: '2026-12-01T00:00:00Z' });
    expect(requests.ok && requests.value.find((q) => q.id === 'RQ-Q2')).toMatchObject({ state: 'cancelled', managerMessage: 'The shift was removed from the schedule.' });
  });

  it('an offer, once accepted and approved, gives the shift to the colleague', async () => {
    const worker = (employeeId: string): Actor => ({ employeeId, role: 'worker', userId: null });
    expect((await h.backing.apply('store-cmd', [{ kind: 'request.transition', id: 'RQ-Q3', transition: 'accept', message: null }], worker('E2006'))).ok).toBe(true);
    expect((await h.backing.apply('store-cmd', [{ kind: 'request.transition', id: 'RQ-Q3', transition: 'approve', message: null }], MANAGER)).ok).toBe(true);
    const s = await h.backing.getShift('store-cmd', 'S-E2005-2026-11-23');
    expect(s.ok && [s.value.employeeId, s.value.version]).toEqual(['E2006', '2']);
  });
});
