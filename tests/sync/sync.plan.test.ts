import { describe, expect, it } from 'vitest';
import { contentHash, planChange, planFull } from '../../connector/sync/index.ts';
import { jobToGraph, shiftToGraph, type MapContext } from '../../connector/sync/entities.ts';
import { nextSlot } from '../../connector/sync/state.ts';
import type { Desired, Observed } from '../../connector/sync/plan.ts';
import type { WfmShift } from '../../connector/wfm/index.ts';

const ctx: MapContext = {
  drafts: false,
  userIdFor: (e) => (e === 'E1' ? 'user-1' : e === 'E2' ? 'user-2' : undefined),
  groupIdFor: (j) => (j === 'cashier' ? 'TAG_1' : undefined),
  reasonIdFor: () => undefined,
};
const shift = (id: string, over: Partial<WfmShift> = {}): WfmShift => ({
  id, version: 'v1', teamId: 'w', employeeId: 'E1', jobId: 'cashier', start: '2026-11-23T14:00:00Z', end: '2026-11-23T22:00:00Z',
  label: null, notes: null, theme: 'blue', activities: [], ...over,
});
const desired = (s: WfmShift): Desired => {
  const b = shiftToGraph(s, ctx);
  return { wfmId: s.id, version: s.version, body: b.ok ? b.value : null, error: b.ok ? null : b.error, subject: null };
};
/** What Shifts returns for a body we wrote: extra server fields, instants without milliseconds. */
const asObserved = (id: string, body: Record<string, unknown>): Observed => {
  const item = body.sharedShift as Record<string, unknown>;
  return { id, ...body, '@odata.etag': 'x', createdDateTime: '2026-01-01T00:00:00Z', draftShift: null,
    sharedShift: { ...item, startDateTime: String(item.startDateTime).replace('.000Z', 'Z'), endDateTime: String(item.endDateTime).replace('.000Z', 'Z'), notes: '' } };
};
const opsOf = (ops: Array<{ op: string }>) => ops.map((o) => o.op);
const W = { windowed: true, removeUnmanaged: true };

describe('content hash', () => {
  it('is the same for what we write and what Shifts gives back for it', () => {
    const d = desired(shift('A'));
    expect(contentHash('shift', asObserved('S1', d.body!))).toBe(contentHash('shift', d.body!));
  });
  it('changes when anything we own changes', () => {
    const base = contentHash('shift', desired(shift('A')).body!);
    expect(contentHash('shift', desired(shift('A', { notes: 'x' })).body!)).not.toBe(base);
    expect(contentHash('shift', desired(shift('A', { employeeId: 'E2' })).body!)).not.toBe(base);
    expect(contentHash('shift', desired(shift('A', { end: '2026-11-23T21:00:00Z' })).body!)).not.toBe(base);
  });
  it('ignores member order of scheduling groups', () => {
    const a = jobToGraph({ id: 'j', teamId: 'w', name: 'Cashier', employeeIds: ['E1', 'E2'] }, ctx);
    const b = jobToGraph({ id: 'j', teamId: 'w', name: 'Cashier', employeeIds: ['E2', 'E1'] }, ctx);
    expect(contentHash('job', a)).toBe(contentHash('job', b));
  });
});

describe('planFull', () => {
  it('creates what is missing, leaves what matches, updates what changed, deletes what the WFM dropped', () => {
    const a = desired(shift('A'));
    const b = desired(shift('B', { start: '2026-11-24T14:00:00Z', end: '2026-11-24T22:00:00Z' }));
    const c = desired(shift('C', { start: '2026-11-25T14:00:00Z', end: '2026-11-25T22:00:00Z', notes: 'new' }));
    const oldC = desired(shift('C', { start: '2026-11-25T14:00:00Z', end: '2026-11-25T22:00:00Z' }));
    const gone = desired(shift('D', { start: '2026-11-26T14:00:00Z', end: '2026-11-26T22:00:00Z' }));
    const ops = planFull(
      'shift',
      [a, b, c],
      [
        { wfmId: 'B', shiftsId: 'SB', contentHash: contentHash('shift', b.body!) },
        { wfmId: 'C', shiftsId: 'SC', contentHash: contentHash('shift', oldC.body!) },
        { wfmId: 'D', shiftsId: 'SD', contentHash: contentHash('shift', gone.body!) },
      ],
      [asObserved('SB', b.body!), asObserved('SC', oldC.body!), asObserved('SD', gone.body!)],
      W,
    );
    expect(ops.map((o) => [o.op, 'wfmId' in o ? o.wfmId : null])).toEqual([
      ['create', 'A'],
      ['unchanged', 'B'],
      ['update', 'C'],
      ['delete', 'D'],
    ]);
  });

  it('adopts an unmapped Shifts shift with the same user, start and end', () => {
    const a = desired(shift('A'));
    const ops = planFull('shift', [a], [], [asObserved('S_hand', a.body!)], W);
    expect(ops).toEqual([expect.objectContaining({ op: 'unchanged', wfmId: 'A', shiftsId: 'S_hand', remember: true, fix: 'adopted' })]);
  });

  it('rewrites drift, recreates what vanished, removes strays, and keeps mappings outside the window', () => {
    const a = desired(shift('A'));
    const b = desired(shift('B', { start: '2026-11-24T14:00:00Z', end: '2026-11-24T22:00:00Z' }));
    const drifted = asObserved('SA', { ...a.body!, sharedShift: { ...(a.body!.sharedShift as object), theme: 'pink' } });
    const stray = asObserved('S_stray', desired(shift('X', { employeeId: 'E2' })).body!);
    const ops = planFull(
      'shift',
      [a, b],
      [
        { wfmId: 'A', shiftsId: 'SA', contentHash: contentHash('shift', a.body!) },
        { wfmId: 'B', shiftsId: 'SB', contentHash: contentHash('shift', b.body!) },
        { wfmId: 'OLD', shiftsId: 'S_old', contentHash: 'h' },
      ],
      [drifted, stray],
      W,
    );
    expect(ops.map((o) => [o.op, 'fix' in o ? o.fix : undefined])).toEqual([
      ['update', 'rewritten'],
      ['create', 'recreated'],
      ['delete', 'removed'],
    ]);
  });

  it('reports entities that cannot be mapped instead of writing them', () => {
    const ops = planFull('shift', [desired(shift('A', { employeeId: 'E9' }))], [], [], W);
    expect(ops).toEqual([expect.objectContaining({ op: 'invalid', error: expect.objectContaining({ code: 'UNMAPPED_EMPLOYEE' }) })]);
  });
});

describe('planChange', () => {
  const a = desired(shift('A'));
  const mapping = { wfmId: 'A', shiftsId: 'SA', contentHash: contentHash('shift', a.body!) };
  it('writes nothing for an update that changes nothing we sync', () => {
    expect(planChange('shift', { op: 'updated', desired: a }, mapping)?.op).toBe('unchanged');
  });
  it('updates in place, never delete + create', () => {
    const changed = desired(shift('A', { notes: 'x' }));
    expect(planChange('shift', { op: 'updated', desired: changed }, mapping)).toMatchObject({ op: 'update', shiftsId: 'SA' });
  });
  it('deletes only what it knows', () => {
    expect(planChange('shift', { op: 'deleted', desired: a }, mapping)).toMatchObject({ op: 'delete', shiftsId: 'SA' });
    expect(planChange('shift', { op: 'deleted', desired: a }, undefined)).toBeNull();
  });
  it('creates what is new', () => {
    expect(opsOf([planChange('shift', { op: 'created', desired: a }, undefined)!])).toEqual(['create']);
  });
});

describe('schedule slots', () => {
  it('spreads teams over the interval and gives each a stable slot', () => {
    const interval = 10 * 60_000;
    const now = Date.parse('2026-11-21T10:00:00Z');
    const slots = Array.from({ length: 50 }, (_, i) => nextSlot(`team-${i}`, now, interval));
    for (const s of slots) expect(s - now).toBeGreaterThan(0);
    for (const s of slots) expect(s - now).toBeLessThanOrEqual(interval);
    expect(new Set(slots.map((s) => Math.floor((s - now) / 60_000))).size).toBeGreaterThan(6);
    expect(nextSlot('team-1', now + interval, interval) - nextSlot('team-1', now, interval)).toBe(interval);
  });
});
