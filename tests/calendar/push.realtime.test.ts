import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_PROPERTY_ID } from '../../connector/calendar/push-event.ts';
import { upsertUserMapping } from '../../connector/mappings/index.ts';
import { DEMO_EMPLOYEES } from '../../connector/wfm/embedded/demo.ts';
import type { Emulator } from '../../emulator/emulator.ts';
import { EMULATOR_TENANT, startGraph } from './support/graph.ts';
import { createShift, startCalendar, type CalendarHarness } from './support/harness.ts';

describe('Outlook push follows WFM changes through the job queue', () => {
  let emulator: Emulator;
  let h: CalendarHarness;
  const worker = DEMO_EMPLOYEES.find((e) => e.wfmEmployeeId === 'E2003')!;

  const taggedEvents = () =>
    [...((emulator.state.events.get(worker.userId)?.values() ?? []) as Iterable<{ props: Array<{ id: string; value: string | null }> }>)]
      .map((e) => e.props.find((p) => p.id === SOURCE_PROPERTY_ID)?.value)
      .filter((v): v is string => typeof v === 'string');

  async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
    const until = Date.now() + ms;
    while (!check()) {
      if (Date.now() > until) throw new Error('timed out waiting for the push');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    let graph;
    ({ emulator, graph } = await startGraph());
    h = await startCalendar({
      seedAt: Date.UTC(2026, 0, 5, 12),
      tenantId: EMULATOR_TENANT,
      graph,
      jobs: true,
      pushDebounceMs: 50,
      env: { CALENDAR_PUSH: 'on' },
    });
    h.clock.now = Date.UTC(2026, 1, 2, 12);
    await upsertUserMapping(h.store, { userId: worker.userId, wfmEmployeeId: worker.wfmEmployeeId, displayName: worker.displayName, upn: worker.upn });
  });
  afterAll(async () => {
    await h?.close();
    await emulator?.close();
  });

  it('a shift created in the WFM appears in the worker’s Outlook calendar without waiting for the schedule', async () => {
    expect(taggedEvents()).toEqual([]);
    const shift = await createShift(h, 'store-cmd', {
      employeeId: 'E2003',
      jobId: 'store-cmd:stock',
      start: '2026-02-05T06:00:00.000Z',
      end: '2026-02-05T14:30:00.000Z',
    });
    await waitFor(() => taggedEvents().includes(`shifts-connector/${EMULATOR_TENANT}/shift/${shift.id}`));
    expect(taggedEvents()).toHaveLength(1);
  });
});
