/**
 * The one `Retry-After` parser (RFC 9110 §10.2.3) for every outbound client: Graph, the WFM
 * HTTP adapter and the bot's connector calls. Accepts delay seconds, including the fractional
 * values Graph sends (`2.128`), and HTTP dates. Returns milliseconds from `now` (0 for a date
 * already past), or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only a date with a weekday or month name: "-1" or "5 s" are not dates for this header.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
