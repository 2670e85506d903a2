import { describe, expect, it } from 'vitest';
import { ADAPTER_KINDS, MANAGER_ACTOR, plainShift, useHarness } from './support/harness.ts';

const NOW = new Date('2026-03-02T12:00:00Z');
const shift = (day: number) => plainShift('E1003', `2026-03-${day}T14:00:00Z`, `2026-03-${day}T18:00:00Z`);

describe.each(ADAPTER_KINDS)('command deadline and idempotency key on the %s adapter', (kind) => {
  const h = useHarness(kind, NOW);

  it('applies nothing once the batch\'s notAfter has passed, and says DEADLINE_PASSED', async () => {
    const r = await h.adapter.apply('store-bkn', [{ kind: 'shift.create', data: shift(17) }], MANAGER_ACTOR, {
      idempotencyKey: 'late-batch',
      notAfter: new Date(NOW.getTime() - 1).toISOString(),
    });
    expect(r).toMatchObject({ ok: false, error: { kind: 'unavailable', code: 'DEADLINE_PASSED' } });
    expect(await h.adapter.applyOutcome('store-bkn', 'late-batch')).toEqual({ ok: true, value: { state: 'not_applied' } });
    const listed = await h.backing.listShifts('store-bkn', { start: '2026-03-17T00:00:00Z', end: '2026-03-18T00:00:00Z' });
    expect(listed.ok && listed.value.filter((s) => s.employeeId === 'E1003')).toEqual([]);
  });

  it('reports a batch applied under a key, and replays its results instead of applying it twice', async () => {
    const control = { idempotencyKey: 'kept-batch', notAfter: new Date(NOW.getTime() + 60_000).toISOString() };
    const first = await h.adapter.apply('store-bkn', [{ kind: 'shift.create', data: shift(18) }], MANAGER_ACTOR, control);
    expect(first.ok).toBe(true);
    const again = await h.adapter.apply('store-bkn', [{ kind: 'shift.create', data: shift(18) }], MANAGER_ACTOR, control);
    expect(again).toEqual(first);
    expect(await h.adapter.applyOutcome('store-bkn', 'kept-batch')).toEqual({ ok: true, value: { state: 'applied', results: first.ok ? first.value : [] } });
    const listed = await h.backing.listShifts('store-bkn', { start: '2026-03-18T00:00:00Z', end: '2026-03-19T00:00:00Z' });
    expect(listed.ok && listed.value.filter((s) => s.employeeId === 'E1003')).toHaveLength(1);
  });
});
