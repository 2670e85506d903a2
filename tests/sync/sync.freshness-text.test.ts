import { describe, expect, it } from 'vitest';
import { describeLag, describeOldestWaiting } from '../../connector/sync/freshness-text.ts';

describe('freshness in plain words', () => {
  it.each([
    [{ p50Seconds: 1.2, p95Seconds: 3.4, samples: 12 }, 'WFM changes reach Shifts in about 1 s (95 % within 3 s)'],
    [{ p50Seconds: 0.2, p95Seconds: 0.4, samples: 3 }, 'WFM changes reach Shifts in about 1 s (95 % within 1 s)'],
    [{ p50Seconds: 45, p95Seconds: 400, samples: 40 }, 'WFM changes reach Shifts in about 45 s (95 % within 7 min)'],
    [{ p50Seconds: null, p95Seconds: null, samples: 0 }, 'No WFM change reached Shifts in the last hour'],
  ])('%j reads "%s"', (f, text) => {
    expect(describeLag(f)).toBe(text);
  });

  it('names the oldest waiting change in the team’s local time', () => {
    expect(describeOldestWaiting({ oldestUnsyncedAt: '2026-07-01T12:05:00.000Z' }, 'America/New_York', 'en-GB')).toBe('oldest change waiting since Wed 1 Jul, 08:05 GMT-4');
    expect(describeOldestWaiting({ oldestUnsyncedAt: null }, 'Europe/London')).toBe('no change waiting');
  });
});
