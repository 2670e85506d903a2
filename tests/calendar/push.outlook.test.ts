import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutlookPush, type OutlookPush } from '../../connector/calendar/push.ts';
import { CONFLICT_CATEGORY, SOURCE_PROPERTY_ID, type ConflictPolicy } from '../../connector/calendar/push-event.ts';
import type { GraphClient } from '../../connector/graph/index.ts';
import { upsertUserMapping } from '../../connector/mappings/index.ts';
import { createLogger } from '../../connector/observability/log.ts';
import { DEMO_EMPLOYEES } from '../../connector/wfm/embedded/demo.ts';
import type { Emulator } from '../../emulator/emulator.ts';
import { EMULATOR_TENANT, startGraph } from './support/graph.ts';
import { applyOk, createShift, startCalendar, type CalendarHarness } from './support/harness.ts';

const TENANT = EMULATOR_TENANT;
const userOf = (employeeId: string) => DEMO_EMPLOYEES.find((e) => e.wfmEmployeeId === employeeId)!;

interface StoredEvent {
  id: string;
  subject: string | null;
  showAs: string;
  categories: string[];
  startMs: number;
  endMs: number;
  props: Array<{ id: string; value: string | null }>;
}

describe('Outlook push against the Graph emulator', () => {
  let emulator: Emulator;
  let graph: GraphClient;
  let h: CalendarHarness;
  const pushers = new Map<ConflictPolicy, OutlookPush>();

  /** Events in the emulator's mailbox of a user, as the emulator holds them. */
  const mailbox = (userId: string): StoredEvent[] =>
    [...((emulator.state.events.get(userId)?.values() ?? []) as Iterable<StoredEvent>)];
  const ours = (userId: string) => mailbox(userId).filter((e) => e.props.some((p) => p.id === SOURCE_PROPERTY_ID));

  /** A user's own event, created through Graph like Outlook would (no tag). */
  async function userEvent(userId: string, subject: string, start: string, end: string): Promise<string> {
    const r = await graph.request<{ id: string }>({
      method: 'POST',
      path: `/users/${userId}/calendar/events`,
      body: { subject, start: { dateTime: start, timeZone: 'UTC' }, end: { dateTime: end, timeZone: 'UTC' }, showAs: 'busy' },
    });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.body!.id;
  }

  async function push(policy: ConflictPolicy, employeeId: string) {
    const r = await pushers.get(policy)!.pushUser(userOf(employeeId).userId, employeeId);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  }

  beforeAll(async () => {
    ({ emulator, graph } = await startGraph());
    h = await startCalendar({ seedAt: Date.UTC(2026, 0, 5, 12), tenantId: TENANT, graph, env: { CALENDAR_PUSH: 'on' } });
    h.clock.now = Date.UTC(2026, 1, 2, 12);
    for (const e of DEMO_EMPLOYEES) {
      await upsertUserMapping(h.store, { userId: e.userId, wfmEmployeeId: e.wfmEmployeeId, displayName: e.displayName, upn: e.upn });
    }
    const log = createLogger({ level: 'silent' });
    for (const policy of ['flag', 'override', 'ignore'] as const) {
      pushers.set(
        policy,
        createOutlookPush({
          store: h.store,
          wfm: h.wfm,
          graph,
          config: { windowPastDays: 7, windowFutureDays: 42, conflictPolicy: policy },
          uidScope: async () => TENANT,
          log,
          now: () => h.clock.now,
        }),
      );
    }
  });
  afterAll(async () => {
    await h?.close();
    await emulator?.close();
  });

  it('creates one tagged event per shift, then writes nothing on an unchanged rerun (no duplicates)', async () => {
    const a = await createShift(h, 'store-bkn', { employeeId: 'E1001', jobId: 'store-bkn:cashier', start: '2026-02-03T14:00:00.000Z', end: '2026-02-03T22:00:00.000Z' });
    const b = await createShift(h, 'store-bkn', { employeeId: 'E1001', jobId: 'store-bkn:cashier', start: '2026-02-04T14:00:00.000Z', end: '2026-02-04T22:00:00.000Z' });
    const user = userOf('E1001').userId;
    const first = await push('flag', 'E1001');
    expect(first).toMatchObject({ created: 2, updated: 0, deleted: 0, failed: 0 });
    const events = ours(user);
    expect(events).toHaveLength(2);
    const byTag = new Map(events.map((e) => [e.props[0]!.value, e]));
    expect(byTag.get(`shifts-connector/${TENANT}/shift/${a.id}`)).toMatchObject({
      subject: 'Cashier · Contoso Market Brooklyn',
      startMs: Date.UTC(2026, 1, 3, 14),
      endMs: Date.UTC(2026, 1, 3, 22),
      showAs: 'busy',
    });
    expect(byTag.get(`shifts-connector/${TENANT}/shift/${b.id}`)?.startMs).toBe(Date.UTC(2026, 1, 4, 14));

    const writesBefore = graph.stats.writes;
    const second = await push('flag', 'E1001');
    expect(second).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 2 });
    expect(graph.stats.writes).toBe(writesBefore);
    expect(ours(user)).toHaveLength(2);
  });

  it('adopts its own tagged events when its records were lost, instead of creating duplicates', async () => {
    const user = userOf('E1001').userId;
    await h.store.query('DELETE FROM calendar_push_events WHERE user_id = $1', [user]);
    const r = await push('flag', 'E1001');
    expect(r.created).toBe(0);
    expect(ours(user)).toHaveLength(2);
    expect((await push('flag', 'E1001')).unchanged).toBe(2);
  });

  it('writes only the changed shift, and deletes the event of a deleted shift', async () => {
    const user = userOf('E1001').userId;
    const shifts = await h.wfm.listShifts('store-bkn', { start: '2026-02-03T00:00:00.000Z', end: '2026-02-05T00:00:00.000Z' });
    if (!shifts.ok) throw new Error(shifts.error.message);
    const [a, b] = shifts.value.filter((s) => s.employeeId === 'E1001').sort((x, y) => x.start.localeCompare(y.start));
    await applyOk(h, 'store-bkn', [
      { kind: 'shift.update', id: a!.id, data: { employeeId: 'E1001', jobId: 'store-bkn:cashier', start: '2026-02-03T15:00:00.000Z', end: '2026-02-03T23:00:00.000Z', label: null, notes: null, theme: 'blue', activities: [] } },
    ]);
    const updated = await push('flag', 'E1001');
    expect(updated).toMatchObject({ created: 0, updated: 1, deleted: 0, unchanged: 1 });
    expect(ours(user).find((e) => e.props[0]!.value?.endsWith(`/shift/${a!.id}`))?.startMs).toBe(Date.UTC(2026, 1, 3, 15));

    await applyOk(h, 'store-bkn', [{ kind: 'shift.delete', id: b!.id }]);
    const deleted = await push('flag', 'E1001');
    expect(deleted).toMatchObject({ created: 0, updated: 0, deleted: 1, unchanged: 1 });
    expect(ours(user).map((e) => e.props[0]!.value)).toEqual([`shifts-connector/${TENANT}/shift/${a!.id}`]);
  });

  it('flag: keeps the user’s overlapping event and marks ours tentative with a conflict category', async () => {
    const user = userOf('E1002').userId;
    const mine = await userEvent(user, 'Dentist', '2026-02-06T15:00:00', '2026-02-06T16:00:00');
    const shift = await createShift(h, 'store-bkn', { employeeId: 'E1002', jobId: 'store-bkn:cashier', start: '2026-02-06T14:00:00.000Z', end: '2026-02-06T22:00:00.000Z' });
    const r = await push('flag', 'E1002');
    expect(r).toMatchObject({ created: 1, flagged: 1 });
    const event = ours(user).find((e) => e.props[0]!.value?.endsWith(`/shift/${shift.id}`))!;
    expect(event.showAs).toBe('tentative');
    expect(event.categories).toContain(CONFLICT_CATEGORY);
    const dentist = mailbox(user).find((e) => e.id === mine)!;
    expect(dentist).toMatchObject({ subject: 'Dentist', showAs: 'busy', startMs: Date.UTC(2026, 1, 6, 15) });
    expect(dentist.props).toEqual([]);
    // The user's event is read back as theirs: a rerun neither touches it nor rewrites ours.
    expect(await push('flag', 'E1002')).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 1 });
    expect(mailbox(user)).toHaveLength(2);
  });

  it('override: the shift stays busy, a moved event of ours is put back, the user’s event is never touched', async () => {
    const user = userOf('E1004').userId;
    const mine = await userEvent(user, 'Gym', '2026-02-06T12:00:00', '2026-02-06T13:00:00');
    const shift = await createShift(h, 'store-bkn', { employeeId: 'E1004', jobId: 'store-bkn:stock', start: '2026-02-06T11:00:00.000Z', end: '2026-02-06T19:00:00.000Z' });
    expect(await push('override', 'E1004')).toMatchObject({ created: 1, flagged: 0 });
    const event = ours(user).find((e) => e.props[0]!.value?.endsWith(`/shift/${shift.id}`))!;
    expect(event.showAs).toBe('busy');
    expect(event.categories).not.toContain(CONFLICT_CATEGORY);
    // The worker drags our event an hour later in Outlook: the WFM's time wins on the next run.
    const moved = await graph.request({
      method: 'PATCH',
      path: `/users/${user}/calendar/events/${event.id}`,
      body: { start: { dateTime: '2026-02-06T12:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-02-06T20:00:00', timeZone: 'UTC' } },
    });
    expect(moved.ok).toBe(true);
    expect(await push('override', 'E1004')).toMatchObject({ updated: 1, deleted: 0 });
    expect(ours(user).find((e) => e.id === event.id)).toMatchObject({ startMs: Date.UTC(2026, 1, 6, 11), endMs: Date.UTC(2026, 1, 6, 19) });
    expect(mailbox(user).find((e) => e.id === mine)).toMatchObject({ subject: 'Gym', startMs: Date.UTC(2026, 1, 6, 12), props: [] });
    // The shift is cancelled in the WFM: only our event goes, the user's stays.
    await applyOk(h, 'store-bkn', [{ kind: 'shift.delete', id: shift.id }]);
    expect(await push('override', 'E1004')).toMatchObject({ deleted: 1 });
    expect(mailbox(user).map((e) => e.id)).toEqual([mine]);
  });

  it('ignore: no conflict check, our event is busy and unmarked next to the user’s', async () => {
    const user = userOf('E1006').userId;
    await userEvent(user, 'School run', '2026-02-09T08:00:00', '2026-02-09T09:00:00');
    const shift = await createShift(h, 'store-bkn', { employeeId: 'E1006', jobId: 'store-bkn:barista', start: '2026-02-09T07:00:00.000Z', end: '2026-02-09T13:00:00.000Z' });
    expect(await push('ignore', 'E1006')).toMatchObject({ created: 1, flagged: 0 });
    const event = ours(user).find((e) => e.props[0]!.value?.endsWith(`/shift/${shift.id}`))!;
    expect(event).toMatchObject({ showAs: 'busy' });
    expect(event.categories).not.toContain(CONFLICT_CATEGORY);
    expect(mailbox(user)).toHaveLength(2);
  });

  it('the module’s scheduled job body pushes every mapped worker', async () => {
    const pushAll = h.calendar.services.pushAll;
    expect(pushAll).toBeDefined();
    const reports = await pushAll!();
    expect(reports.map((r) => r.userId).sort()).toEqual(DEMO_EMPLOYEES.map((e) => e.userId).sort());
    expect(reports.every((r) => r.failed === 0)).toBe(true);
    const metrics = await h.metrics.render();
    const unchanged = reports.reduce((n, r) => n + r.unchanged, 0);
    expect(unchanged).toBeGreaterThan(0);
    expect(metrics).toContain(`calendar_push_events_total{operation="unchanged"} ${unchanged}`);
  });
});
