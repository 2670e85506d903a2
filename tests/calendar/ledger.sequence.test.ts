import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventContent } from '../../connector/calendar/events.ts';
import { reconcile } from '../../connector/calendar/ledger.ts';
import type { Store } from '../../connector/store/index.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { calendarStore } from './support/store.ts';

const WINDOW = { start: Date.UTC(2026, 5, 1), end: Date.UTC(2026, 6, 15) };
const content = (over: Partial<EventContent> = {}): EventContent => ({
  entityType: 'shift',
  entityId: 'S1',
  teamId: 'T1',
  start: Date.UTC(2026, 5, 10, 9),
  end: Date.UTC(2026, 5, 10, 17),
  summary: 'Cashier · Store',
  location: 'Store',
  description: null,
  categories: ['Shift'],
  ...over,
});

describe.each(STORE_BACKENDS)('publication ledger sequences (%s)', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await calendarStore(backend);
  });
  afterAll(async () => {
    await store.close();
  });

  it('bumps SEQUENCE once per change even when many feed requests race', async () => {
    const t = Date.UTC(2026, 5, 2);
    await reconcile(store, 'E', WINDOW, [content()], t);
    const changed = content({ end: Date.UTC(2026, 5, 10, 18) });
    const racing = await Promise.all(Array.from({ length: 6 }, () => reconcile(store, 'E', WINDOW, [changed], t + 1000)));
    for (const entries of racing) expect(entries.map((e) => e.sequence)).toEqual([1]);

    const cancelledRuns = await Promise.all(Array.from({ length: 6 }, () => reconcile(store, 'E', WINDOW, [], t + 2000)));
    for (const entries of cancelledRuns) expect(entries.map((e) => [e.status, e.sequence])).toEqual([['cancelled', 2]]);
    // The cancelled entry keeps its last content, to be shown with its details.
    expect(cancelledRuns[0]![0]!.content.end).toBe(Date.UTC(2026, 5, 10, 18));
  });

  it('brings a cancelled entity back as active with a higher SEQUENCE, and keeps unchanged ones as they are', async () => {
    const t = Date.UTC(2026, 5, 3);
    await reconcile(store, 'F', WINDOW, [content({ entityId: 'A' }), content({ entityId: 'B' })], t);
    await reconcile(store, 'F', WINDOW, [content({ entityId: 'B' })], t + 1000);
    const back = await reconcile(store, 'F', WINDOW, [content({ entityId: 'A' }), content({ entityId: 'B' })], t + 2000);
    expect(back.map((e) => [e.content.entityId, e.status, e.sequence])).toEqual([
      ['A', 'active', 2],
      ['B', 'active', 0],
    ]);
    expect(back[1]!.changedAt).toBe(t);
  });

  it('keeps one worker’s ledger apart from another’s for the same entity (reassigned shift)', async () => {
    const t = Date.UTC(2026, 5, 4);
    await reconcile(store, 'G1', WINDOW, [content({ entityId: 'X' })], t);
    await reconcile(store, 'G1', WINDOW, [], t + 1000);
    const taker = await reconcile(store, 'G2', WINDOW, [content({ entityId: 'X' })], t + 1000);
    expect(taker.map((e) => [e.status, e.sequence])).toEqual([['active', 0]]);
  });
});
