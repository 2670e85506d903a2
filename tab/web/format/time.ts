/**
 * Instants arrive in UTC; people read them in their team's zone. Conversion happens here,
 * at the edge, and nowhere else in the client.
 */
import { localTime } from '../../../connector/sync/freshness-text.ts';

/** e.g. "Sat 21 Nov, 09:10 GMT" in the team's zone (one definition, shared with the CLI). */
export function inZone(iso: string, timeZone: string, locale?: string): string {
  return localTime(iso, timeZone, locale);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** e.g. "5 minutes ago", "in 3 minutes", "just now" (under a minute either way). */
export function relative(iso: string, now: Date = new Date(), locale?: string): string {
  const diff = Date.parse(iso) - now.getTime();
  const fmt = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return fmt.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}

/** Local date label of a `YYYY-MM-DD` day, e.g. "Sat 21". */
export function dayLabel(day: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}
