import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../connector/calendar/rate-limit.ts';

describe('feed rate limiter', () => {
  it('allows the burst, then refuses with the seconds until the next request is allowed', () => {
    let t = 0;
    const limiter = createRateLimiter({ perHour: 60, burst: 3, now: () => t });
    expect([1, 2, 3].map(() => limiter.take('k').allowed)).toEqual([true, true, true]);
    const refused = limiter.take('k');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 60 });
    t += 30_000;
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    t += 30_000;
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('keeps one bucket per key', () => {
    const limiter = createRateLimiter({ perHour: 1, burst: 1, now: () => 0 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('forgets the least recently used keys beyond its bound (a forgotten key starts full)', () => {
    const limiter = createRateLimiter({ perHour: 1, burst: 1, now: () => 0, maxKeys: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});
