import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntityMappingByWfmId } from '../../connector/mappings/index.ts';
import { DEMO_EMPLOYEES } from '../../connector/wfm/embedded/demo.ts';
import type { WfmShift } from '../../connector/wfm/index.ts';
import { BKN, shiftsOf, startHarness, type Harness } from './support/harness.ts';

const userOf = (employeeId: string) => DEMO_EMPLOYEES.find((e) => e.wfmEmployeeId === employeeId)!.userId;

describe('adoption and reconciliation', () => {
  let h: Harness;
  let shifts: WfmShift[];
  beforeAll(async () => {
    h = await startHarness();
    const now = Date.now();
    const r = await h.wfm.listShifts('store-bkn', { start: new Date(now + 86_400_000).toISOString(), end: new Date(now + 12 * 86_400_000).toISOString() });
    if (!r.ok) throw new Error(r.error.message);
    shifts = r.value;
  }, 120_000);
  afterAll(async () => h?.close());

  it('adopts a shift already in Shifts for the same person and time instead of duplicating it', async () => {
    const s = shifts[0]!;
    const coll = h.emu.state.teams.get(BKN)!.schedule!.collections.shifts;
    coll.set('SHFT_preexisting', {
      id: 'SHFT_preexisting',
      userId: userOf(s.employeeId),
      schedulingGroupId: null,
      sharedShift: { displayName: 'made by hand', notes: null, startDateTime: s.start, endDateTime: s.end, theme: 'pink', activities: [] },
      draftShift: null,
    });
    const run = await h.sync.runNow(BKN, 'initial');
    expect(run.state).toBe('succeeded');
    expect((await getEntityMappingByWfmId(h.t.app.store, BKN, 'shift', s.id))!.shiftsId).toBe('SHFT_preexisting');
    const same = shiftsOf(h.emu, BKN).filter((x) => x.userId === userOf(s.employeeId) && (x.sharedShift as { startDateTime: string }).startDateTime === new Date(s.start).toISOString());
    expect(same).toHaveLength(1);
    // Adopted and brought in line with the WFM by one PUT in place.
    expect((same[0]!.sharedShift as { theme: string }).theme).toBe(s.theme);
  }, 60_000);

  it('heals drift both ways and reports what it fixed', async () => {
    const changed = (await getEntityMappingByWfmId(h.t.app.store, BKN, 'shift', shifts[1]!.id))!.shiftsId;
    const removed = (await getEntityMappingByWfmId(h.t.app.store, BKN, 'shift', shifts[2]!.id))!.shiftsId;
    const coll = h.emu.state.teams.get(BKN)!.schedule!.collections.shifts;
    // Behind the connector's back: one shift edited, one deleted, one added.
    const edited = coll.get(changed)!;
    coll.set(changed, { ...edited, sharedShift: { ...(edited.sharedShift as object), notes: 'edited directly' } });
    coll.delete(removed);
    const sample = coll.get(changed)!;
    coll.set('SHFT_stray', { ...sample, id: 'SHFT_stray', sharedShift: { ...(sample.sharedShift as object), startDateTime: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 11) + '01:00:00.000Z', endDateTime: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 11) + '02:00:00.000Z' } });

    const run = await h.sync.runNow(BKN, 'reconcile', { full: true });
    expect(run.state).toBe('succeeded');
    expect(run.counts.shift).toMatchObject({ updated: 1, created: 1, deleted: 1 });
    const record = await h.sync.service.getRunRecord(run.id);
    expect(record!.fixed).toEqual(
      expect.arrayContaining([
        { entityType: 'shift', wfmId: shifts[1]!.id, shiftsId: changed, fix: 'rewritten' },
        expect.objectContaining({ entityType: 'shift', wfmId: shifts[2]!.id, fix: 'recreated' }),
        { entityType: 'shift', wfmId: null, shiftsId: 'SHFT_stray', fix: 'removed' },
      ]),
    );
    expect(coll.has('SHFT_stray')).toBe(false);
    expect((coll.get(changed)!.sharedShift as { notes: string | null }).notes).toBe(shifts[1]!.notes);
  }, 60_000);
});
