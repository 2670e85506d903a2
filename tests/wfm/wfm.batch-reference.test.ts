/**
 * The batched write path keeps teams, employees and jobs between batches on the embedded
 * store. A change to any of them must count from the next batch on, exactly as on the
 * one-request path, whichever way it was made.
 */
import { describe, expect, it } from 'vitest';
import type { ShiftInput } from '../../connector/wfm/contract.ts';
import { insertEmployee } from '../../connector/wfm/embedded/repo-reference.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { emptyWeeksDay, MANAGER_ACTOR as MANAGER, plainShift as shift, useHarness } from './support/harness.ts';

const NOW = new Date('2026-11-18T17:00:00Z');
const NY = 'America/New_York';

describe.each(STORE_BACKENDS)('batched writes after reference changes (%s store)', (backend) => {
  const h = useHarness('embedded', NOW, backend);
  const day = emptyWeeksDay(NOW, NY);

  async function batch(...shifts: ShiftInput[]) {
    const results = await h.backing.applyBatchWithin(
      h.store,
      shifts.map((s) => ({ teamId: 'store-bkn', commands: [{ kind: 'shift.create', data: s }], actor: MANAGER })),
      async () => undefined,
    );
    if (!results) throw new Error('the embedded WFM did not take the batch');
    return results.map((r) => (r.ok ? 'applied' : r.error.code));
  }

  it('applies new team rules from the next batch on', async () => {
    expect(await batch(shift('E1001', day(0, '08:00'), day(0, '18:00')))).toEqual(['applied']);
    expect((await h.backing.setTeamRules('store-bkn', { maxShiftHours: 8 })).ok).toBe(true);
    expect(await batch(shift('E1002', day(1, '08:00'), day(1, '18:00')), shift('E1003', day(1, '08:00'), day(1, '12:00')))).toEqual(['SHIFT_LENGTH', 'applied']);
    expect((await h.backing.setTeamRules('store-bkn', {})).ok).toBe(true);
    expect(await batch(shift('E1002', day(2, '08:00'), day(2, '18:00')))).toEqual(['applied']);
  });

  it('knows an employee added after earlier batches ran', async () => {
    expect(await batch(shift('E1001', day(3, '09:00'), day(3, '11:00')), shift('E9001', day(3, '09:00'), day(3, '11:00')))).toEqual(['applied', 'INVALID_INPUT']);
    await insertEmployee(h.store, {
      id: 'E9001',
      teamIds: ['store-bkn'],
      displayName: 'New Hire',
      email: null,
      jobIds: [],
      employmentType: 'part_time',
      hireDate: '2026-11-01',
    });
    expect(await batch(shift('E9001', day(4, '09:00'), day(4, '11:00')))).toEqual(['applied']);
  });

  it('forgets what it knew when the WFM is emptied and seeded again', async () => {
    await insertEmployee(h.store, { id: 'E9002', teamIds: ['store-bkn'], displayName: 'Temp', email: null, jobIds: [], employmentType: 'part_time', hireDate: '2026-11-01' });
    expect(await batch(shift('E9002', day(5, '09:00'), day(5, '11:00')))).toEqual(['applied']);
    await h.reset();
    expect(await batch(shift('E9002', day(5, '09:00'), day(5, '11:00')))).toEqual(['INVALID_INPUT']);
  });
});
