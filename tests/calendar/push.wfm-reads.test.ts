import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentEvents, feedWindow } from '../../connector/calendar/feed.ts';
import { memoWfm, type WfmReads } from '../../connector/calendar/wfm-memo.ts';
import { startCalendar, type CalendarHarness } from './support/harness.ts';

describe('one WFM view per push run', () => {
  let h: CalendarHarness;
  beforeAll(async () => {
    h = await startCalendar({ seedAt: Date.UTC(2026, 0, 5, 12) });
  });
  afterAll(async () => {
    await h.close();
  });

  it('reads each team’s schedule once for all its workers, with the same events as direct reads', async () => {
    const calls: string[] = [];
    const counted: WfmReads = {
      listTeams: () => (calls.push('teams'), h.wfm.listTeams()),
      listEmployees: (t) => (calls.push(`employees:${t}`), h.wfm.listEmployees(t)),
      listJobs: (t) => (calls.push(`jobs:${t}`), h.wfm.listJobs(t)),
      listTimeOffReasons: (t) => (calls.push(`reasons:${t}`), h.wfm.listTimeOffReasons(t)),
      listShifts: (t, w) => (calls.push(`shifts:${t}`), h.wfm.listShifts(t, w)),
      listTimesOff: (t, w) => (calls.push(`timesOff:${t}`), h.wfm.listTimesOff(t, w)),
    };
    const window = feedWindow(h.clock.now, { windowPastDays: 7, windowFutureDays: 42 });
    const memo = memoWfm(counted);
    const workers = ['E1001', 'E1002', 'E1003', 'E1004'];
    for (const id of workers) {
      const viaMemo = await currentEvents(memo, id, window);
      const direct = await currentEvents(h.wfm, id, window);
      expect(viaMemo).toEqual(direct);
      expect(viaMemo.ok && viaMemo.value.events.length).toBeGreaterThan(0);
    }
    expect(calls.filter((c) => c === 'shifts:store-bkn')).toHaveLength(1);
    expect(calls.filter((c) => c === 'teams')).toHaveLength(1);
    expect(new Set(calls).size).toBe(calls.length);
  });
});
