/**
 * Freshness in words, for people: the CLI's `status` and the tab's team card say the same
 * sentence. Pure (no Node imports) so the tab's bundle can use it too.
 */
import type { TeamFreshness } from './service.ts';

/** "3 s" under two minutes, else "4 min": a lag in the unit people read it in. */
function duration(seconds: number): string {
  if (seconds < 120) return `${Math.max(1, Math.round(seconds))} s`;
  return `${Math.round(seconds / 60)} min`;
}

/**
 * e.g. "WFM changes reach Shifts in about 2 s (95 % within 4 s)", from the last hour's
 * samples; says so plainly when no change was written in that hour.
 */
export function describeLag(f: Pick<TeamFreshness, 'p50Seconds' | 'p95Seconds' | 'samples'>): string {
  if (f.samples === 0 || f.p50Seconds === null) return 'No WFM change reached Shifts in the last hour';
  const typical = `WFM changes reach Shifts in about ${duration(f.p50Seconds)}`;
  return f.p95Seconds === null ? typical : `${typical} (95 % within ${duration(f.p95Seconds)})`;
}

/** An instant in the team's zone, e.g. "Sat 21 Nov, 09:05 GMT". */
export function localTime(iso: string, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** e.g. "oldest change waiting since Sat 21 Nov, 09:05 GMT", or "no change waiting". */
export function describeOldestWaiting(f: Pick<TeamFreshness, 'oldestUnsyncedAt'>, timeZone: string, locale?: string): string {
  return f.oldestUnsyncedAt ? `oldest change waiting since ${localTime(f.oldestUnsyncedAt, timeZone, locale)}` : 'no change waiting';
}
