import type { SyncRunSummary } from '../../../connector/sync/service.ts';
import type { DayOutcomes } from '../contracts/status.ts';

/** `YYYY-MM-DD` of an instant in an IANA zone. */
export function localDay(at: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Buckets finished runs by the local day (in the team's zone) they ended on: the last `days`
 * days including today, oldest first. Runs still queued or running are not outcomes yet.
 */
export function outcomesByDay(runs: SyncRunSummary[], timeZone: string, now: Date, days = 7): DayOutcomes[] {
  const out: DayOutcomes[] = [];
  const index = new Map<string, DayOutcomes>();
  for (let i = days - 1; i >= 0; i--) {
    // Stepping back in 24 h slices can hit the same local day twice around DST; the map dedupes.
    const day = localDay(new Date(now.getTime() - i * 86_400_000), timeZone);
    if (index.has(day)) continue;
    const entry = { day, succeeded: 0, partial: 0, failed: 0 };
    index.set(day, entry);
    out.push(entry);
  }
  for (const run of runs) {
    if (run.state !== 'succeeded' && run.state !== 'partial' && run.state !== 'failed') continue;
    const entry = index.get(localDay(new Date(run.finishedAt ?? run.startedAt), timeZone));
    if (entry) entry[run.state]++;
  }
  return out;
}
