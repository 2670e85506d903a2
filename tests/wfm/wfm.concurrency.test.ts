/**
 * The embedded WFM under concurrent writers (on PostgreSQL they really run in parallel):
 * rules still hold per person, a stale edit cannot overwrite a newer one, and a reader
 * following the change feed while batches commit never skips a change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WfmChange } from '../../connector/wfm/contract.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { at, createHarness, emptyWeeksDay, MANAGER_ACTOR as MANAGER, plainShift as shift, useHarness, type Harness } from './support/harness.ts';

const NOW = new Date('2026-11-18T17:00:00Z');
const NY = 'America/New_York';
const BROOKLYN = ['E1001', 'E1002', 'E1003', 'E1004', 'E1005', 'E1006'];

describe.each(STORE_BACKENDS)('embedded WFM with concurrent writers (%s store)', (backend) => {
  const h = useHarness('embedded', NOW, backend);
  const day = emptyWeeksDay(NOW, NY);

  async function feedEnd(): Promise<string | null> {
    let cursor: string | null = null;
    for (;;) {
      const page = await h.backing.changesSince(cursor, 1000);
      if (!page.ok) throw new Error(page.error.message);
      cursor = page.value.cursor;
      if (!page.value.hasMore) return cursor;
    }
  }

  it('accepts exactly one of two overlapping shifts for one person sent with other people’s changes', async () => {
    const others = BROOKLYN.slice(0, 5).map((e) =>
      h.backing.apply('store-bkn', [{ kind: 'shift.create', data: shift(e, day(0, '09:00'), day(0, '11:00')) }], MANAGER),
    );
    const clash = [
      h.backing.apply('store-bkn', [{ kind: 'shift.create', data: shift('E1006', day(1, '07:00'), day(1, '11:00')) }], MANAGER),
      h.backing.apply('store-bkn', [{ kind: 'shift.create', data: shift('E1006', day(1, '10:00'), day(1, '14:00')) }], MANAGER),
    ];
    const results = await Promise.all([...others, ...clash]);
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    const [a, b] = results.slice(5);
    expect([a!.ok, b!.ok].sort()).toEqual([false, true]);
    const loser = a!.ok ? b! : a!;
    expect(!loser.ok && loser.error.code).toBe('OVERLAP');
  });

  it('lets only one of two edits made from the same version win; the other is a conflict', async () => {
    const created = await h.backing.apply('store-bkn', [{ kind: 'shift.create', data: shift('E1004', day(2, '09:00'), day(2, '11:00')) }], MANAGER);
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value[0]!.id;
    const edit = (notes: string) =>
      h.backing.apply('store-bkn', [{ kind: 'shift.update', id, expectedVersion: '1', data: { ...shift('E1004', day(2, '09:00'), day(2, '11:00')), notes } }], MANAGER);
    const [a, b] = await Promise.all([edit('first'), edit('second')]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const loser = a.ok ? b : a;
    expect(!loser.ok && loser.error.code).toBe('STALE_VERSION');
    const stored = await h.backing.getShift('store-bkn', id);
    expect(stored.ok && stored.value.version).toBe('2');
    expect(stored.ok && stored.value.notes).toBe(a.ok ? 'first' : 'second');
  });

  it('never lets a feed reader skip a change while many batches commit at once', async () => {
    const start = await feedEnd();
    const writes = BROOKLYN.flatMap((e) =>
      Array.from({ length: 6 }, (_, d) => [
        { kind: 'shift.create' as const, data: shift(e, day(d, '09:00'), day(d, '11:00')) },
        { kind: 'shift.create' as const, data: shift(e, day(d, '20:00'), day(d, '21:00')) },
      ]),
    );
    let writing = true;
    const seen: WfmChange[] = [];
    let cursor = start;
    const reader = (async () => {
      // Follow the feed while the writers commit, then once more after the last one.
      for (let last = false; ; last = !writing) {
        for (;;) {
          const page = await h.backing.changesSince(cursor, 7);
          if (!page.ok) throw new Error(page.error.message);
          seen.push(...page.value.changes);
          cursor = page.value.cursor;
          if (!page.value.hasMore) break;
        }
        if (last) return;
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const results = await Promise.all(writes.map((batch) => h.backing.apply('store-bkn', batch, MANAGER)));
    writing = false;
    await reader;
    expect(results.every((r) => r.ok)).toBe(true);
    const all = await h.backing.changesSince(start, 1000);
    if (!all.ok) throw new Error(all.error.message);
    expect(all.value.changes).toHaveLength(writes.length * 2);
    expect(seen.map((c) => c.id)).toEqual(all.value.changes.map((c) => c.id));
    // Each batch's changes keep the order of its commands (other batches may sit between them).
    const position = new Map(seen.map((c, i) => [c.id, i]));
    for (const r of results) {
      const [first, second] = r.ok ? r.value.map((x) => position.get(x.id)) : [];
      expect(second).toBeGreaterThan(first!);
    }
  });
});

// Only a server runs two write transactions at once; PGlite queues the second behind the first.
describe.each(STORE_BACKENDS.filter((b) => b === 'postgres'))('change feed with a batch still committing (%s store)', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('embedded', NOW, backend);
  });
  afterAll(async () => {
    await h.close();
  });

  it('makes a reader wait for a batch that holds an earlier sequence number, so it never skips it', async () => {
    let cursor: string | null = null;
    for (let more = true; more; ) {
      const page = await h.backing.changesSince(cursor, 1000);
      if (!page.ok) throw new Error(page.error.message);
      cursor = page.value.cursor;
      more = page.value.hasMore;
    }
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const reachedCommit = new Promise<void>((r) => (appended = r));
    // Batch A has appended its change (so holds the smaller sequence number) but not committed.
    const slow = h.backing.applyWithin(h.store, 'store-bkn', [{ kind: 'shift.create', data: shift('E1001', at(NOW, NY, 8, 2, '09:00'), at(NOW, NY, 8, 2, '11:00')) }], MANAGER, async () => {
      appended();
      await held;
    });
    await reachedCommit;
    const fast = await h.backing.apply('store-bkn', [{ kind: 'shift.create', data: shift('E1002', at(NOW, NY, 8, 2, '09:00'), at(NOW, NY, 8, 2, '11:00')) }], MANAGER);
    if (!fast.ok) throw new Error(fast.error.message);
    const reading = h.backing.changesSince(cursor, 1000);
    setTimeout(release, 100);
    const [a, page] = await Promise.all([slow, reading]);
    if (!a?.ok || !page.ok) throw new Error('apply or read failed');
    expect(page.value.changes.map((c) => c.id)).toEqual([a.value[0]!.id, fast.value[0]!.id]);
  });
});
