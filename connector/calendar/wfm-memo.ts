/**
 * A read-through memo over the WFM adapter for one push run: every worker of a team needs the
 * same teams, employees, jobs, reasons and schedule, so a run asks the WFM once per team
 * instead of once per worker. Failures are not memoised (the next caller asks again).
 */
import type { WfmAdapter } from '../wfm/contract.ts';

/** The WFM reads a worker's calendar is built from. */
export type WfmReads = Pick<
  WfmAdapter,
  'listTeams' | 'listEmployees' | 'listJobs' | 'listTimeOffReasons' | 'listShifts' | 'listTimesOff'
>;

/** The reads, memoised for the life of the returned object (one push run). */
export function memoWfm(wfm: WfmReads): WfmReads {
  const cache = new Map<string, Promise<unknown>>();
  function memo<A extends unknown[], R extends { ok: boolean }>(name: string, fn: (...args: A) => Promise<R>) {
    return (...args: A): Promise<R> => {
      const key = `${name}:${JSON.stringify(args)}`;
      const hit = cache.get(key) as Promise<R> | undefined;
      if (hit) return hit;
      const p = fn(...args).then((r) => {
        if (!r.ok) cache.delete(key);
        return r;
      });
      cache.set(key, p);
      p.catch(() => cache.delete(key));
      return p;
    };
  }
  return {
    listTeams: memo('teams', () => wfm.listTeams()),
    listEmployees: memo('employees', (teamId: string) => wfm.listEmployees(teamId)),
    listJobs: memo('jobs', (teamId: string) => wfm.listJobs(teamId)),
    listTimeOffReasons: memo('reasons', (teamId: string) => wfm.listTimeOffReasons(teamId)),
    listShifts: memo('shifts', (teamId: string, w: Parameters<WfmAdapter['listShifts']>[1]) => wfm.listShifts(teamId, w)),
    listTimesOff: memo('timesOff', (teamId: string, w: Parameters<WfmAdapter['listTimesOff']>[1]) => wfm.listTimesOff(teamId, w)),
  };
}
