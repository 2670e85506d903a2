/**
 * `localParts` serves zone offsets from a cache by quarter hour of UTC time. It must agree
 * with `Intl` everywhere, in particular right around every DST transition, including zones
 * with half- and quarter-hour offsets and a half-hour DST shift (Lord Howe).
 */
import { describe, expect, it } from 'vitest';
import { localParts } from '../../connector/wfm/time.ts';

const ZONES = ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC'];

const formats = new Map<string, Intl.DateTimeFormat>();

function fromIntl(instantMs: number, timeZone: string) {
  const f = formats.get(timeZone) ?? new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  formats.set(timeZone, f);
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(instantMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/** UTC offset as Intl reports it, to find the transitions. */
function offsetOf(instantMs: number, timeZone: string): number {
  const p = fromIntl(instantMs, timeZone);
  return Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instantMs / 1000) * 1000;
}

describe('cached zone offsets', () => {
  it.each(ZONES)('agree with Intl through 2026 and a minute either side of each transition in %s', (zone) => {
    const start = Date.UTC(2026, 0, 1);
    const end = Date.UTC(2027, 0, 1);
    const step = 137 * 60_000 + 13_000; // not a divisor of an hour: samples every minute-of-hour over the year
    const transitions: number[] = [];
    let previous = offsetOf(start, zone);
    for (let t = start; t < end; t += step) {
      expect(localParts(t, zone), new Date(t).toISOString()).toEqual(fromIntl(t, zone));
      const now = offsetOf(t, zone);
      if (now !== previous) transitions.push(t);
      previous = now;
    }
    for (const found of transitions) {
      // The exact instant lies within the last step: check every second-aligned minute there.
      for (let t = found - step - 60_000; t <= found + 60_000; t += 5 * 60_000) {
        expect(localParts(t, zone), new Date(t).toISOString()).toEqual(fromIntl(t, zone));
        expect(localParts(t + 299_999, zone)).toEqual(fromIntl(t + 299_999, zone));
      }
    }
    if (zone !== 'UTC' && zone !== 'Asia/Kolkata' && zone !== 'Asia/Kathmandu') expect(transitions.length).toBe(2);
  });
});
