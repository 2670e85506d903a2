import { describe, expect, it } from 'vitest';
import { RateLimiter, slowDownFactor, TokenBucket, type Clock } from '../../connector/graph/index.ts';

/** A clock that only moves when someone sleeps: waits become exact numbers. */
function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += Math.max(0, ms);
    },
  };
  return c;
}

describe('TokenBucket', () => {
  it('lets a burst through, then spaces requests at the rate', () => {
    const clock = fakeClock();
    const b = new TokenBucket(4, 1, clock);
    expect([b.reserve(), b.reserve(), b.reserve()]).toEqual([0, 250, 500]);
  });
  it('refills with time', () => {
    const clock = fakeClock();
    const b = new TokenBucket(30, 1, clock);
    expect(b.reserve()).toBe(0);
    expect(b.reserve()).toBe(34); // 1/30 s
    clock.t += 1000;
    expect(b.reserve()).toBe(0);
  });
});

describe('RateLimiter', () => {
  it('keeps one team at 4 requests per second', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTeam: 4, tenantWrites: 30, tenantDeletes: 15, tenantReads: 30 }, clock);
    for (let i = 0; i < 41; i++) await limiter.acquire('team-a', 'write');
    expect(clock.t).toBe(10_000);
  });
  it('keeps the tenant at 30 writes per second across teams', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTeam: 1000, tenantWrites: 30, tenantDeletes: 15, tenantReads: 30 }, clock);
    for (let i = 0; i < 91; i++) await limiter.acquire(`team-${i % 20}`, 'write');
    // evenly spaced: 90 intervals of 1/30 s
    expect(clock.t).toBeGreaterThanOrEqual(2990);
    expect(clock.t).toBeLessThanOrEqual(3030);
  });
  it('keeps deletes at 15 per second', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTeam: 1000, tenantWrites: 30, tenantDeletes: 15, tenantReads: 30 }, clock);
    for (let i = 0; i < 31; i++) await limiter.acquire(`t${i}`, 'delete');
    expect(clock.t).toBeGreaterThanOrEqual(1990);
    expect(clock.t).toBeLessThanOrEqual(2020);
  });
  it('slows a team down when Graph reports less than 20% of the budget left', () => {
    const limiter = new RateLimiter({ perTeam: 4, tenantWrites: 30, tenantDeletes: 15, tenantReads: 30 }, fakeClock());
    limiter.observe('t', 100, 100);
    expect(limiter.teamRate('t')).toBe(4);
    limiter.observe('t', 10, 100);
    expect(limiter.teamRate('t')).toBe(2);
    limiter.observe('t', 50, 100);
    expect(limiter.teamRate('t')).toBe(4);
  });
});

describe('slowDownFactor', () => {
  it.each([
    [null, 100, 1],
    [100, 100, 1],
    [20, 100, 1],
    [10, 100, 0.5],
    [5, 100, 0.25],
    [2, 100, 0.25],
    [0, 100, 0.25],
  ])('remaining %j of %j gives %j', (remaining, limit, factor) => {
    expect(slowDownFactor(remaining, limit)).toBe(factor);
  });
});
