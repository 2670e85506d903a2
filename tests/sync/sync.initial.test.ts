import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEntityMappings } from '../../connector/mappings/index.ts';
import { BKN, shiftsOf, startHarness, WFI_ID, type Harness } from './support/harness.ts';

describe('initial sync of a mapped team', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => h?.close());

  it('enables the schedule with our integration and writes groups, reasons and shifts', async () => {
    const run = await h.sync.runNow(BKN, 'initial');
    expect(run.error).toBeNull();
    expect(run.state).toBe('succeeded');

    const schedule = h.emu.state.teams.get(BKN)!.schedule!.props;
    expect(schedule.enabled).toBe(true);
    expect(schedule.workforceIntegrationIds).toEqual([WFI_ID]);
    expect(schedule.timeZone).toBe('America/New_York');

    const groups = shiftsOf(h.emu, BKN, 'schedulingGroups');
    expect(groups.map((g) => g.displayName)).toEqual(expect.arrayContaining(['Cashier']));
    const shifts = shiftsOf(h.emu, BKN);
    expect(shifts.length).toBeGreaterThan(0);
    expect(run.counts.shift?.created).toBe(shifts.length);
    const mapped = await listEntityMappings(h.t.app.store, BKN, 'shift');
    expect(mapped).toHaveLength(shifts.length);
    expect(new Set(mapped.map((m) => m.shiftsId))).toEqual(new Set(shifts.map((s) => String(s.id))));
  }, 120_000);

  it('writes nothing when run again with nothing changed', async () => {
    const before = h.sync.graph.stats.writes + h.sync.graph.stats.deletes;
    const run = await h.sync.runNow(BKN, 'reconcile', { full: true });
    expect(run.state).toBe('succeeded');
    expect(h.sync.graph.stats.writes + h.sync.graph.stats.deletes).toBe(before);
    expect(run.counts.shift?.created ?? 0).toBe(0);
    expect(run.counts.shift?.updated ?? 0).toBe(0);
    expect(run.counts.shift?.unchanged).toBeGreaterThan(0);
  }, 120_000);
});
