import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../connector/http/retry-after.ts';

// The one parser behind Graph, the WFM HTTP adapter and the bot. Regression: the WFM adapter's
// copy refused Graph-style fractions ("2.128") and the Graph copy answered in seconds.
describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['2', 2000],
    ['0', 0],
    ['2.128', 2128],
    [' 0.5 ', 500],
    ['120', 120_000],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
    ['5 s', undefined],
    ['', undefined],
    [undefined, undefined],
    [null, undefined],
  ])('reads %j as %j ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
});
