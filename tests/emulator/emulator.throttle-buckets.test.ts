import { describe, expect, it } from 'vitest';
import { Throttle } from '../../emulator/graph/throttle.ts';

const settings = { enabled: true, perTeamPerSecond: 4, tenantWritesPerSecond: 30, tenantDeletesPerSecond: 15, tenantReadsPerSecond: 30 };

/** Sends `n` requests at the same instant and counts those let through. */
function allowed(throttle: Throttle, n: number, key: Parameters<Throttle['check']>[0]): number {
  let ok = 0;
  for (let i = 0; i < n; i++) if (throttle.check(key).ok) ok++;
  return ok;
}

describe("Graph's Teams limits as token buckets", () => {
  it.each([
    ['4 rps on one team', { appId: 'a', teamId: 'T1', scheduleKind: 'read' as const }, 4],
    ['4 rps on one team, writes too', { appId: 'a', teamId: 'T1', scheduleKind: 'write' as const }, 4],
    ['non-schedule calls on a team', { appId: 'a', teamId: 'T1', scheduleKind: undefined }, 4],
  ])('%s', (_name, key, expected) => {
    const t = new Throttle(settings, () => 0);
    expect(allowed(t, 10, key)).toBe(expected);
  });

  it('caps schedule writes at 30/s and deletes at 15/s across teams of one tenant', () => {
    const t = new Throttle({ ...settings, perTeamPerSecond: 1000 }, () => 0);
    let writes = 0;
    let deletes = 0;
    for (let i = 0; i < 50; i++) {
      if (t.check({ appId: 'a', teamId: `T${i}`, scheduleKind: 'write' }).ok) writes++;
      if (t.check({ appId: 'a', teamId: `U${i}`, scheduleKind: 'delete' }).ok) deletes++;
    }
    expect([writes, deletes]).toEqual([30, 15]);
  });

  it('refills over time and says how long to wait, in fractional seconds', () => {
    let now = 0;
    const t = new Throttle(settings, () => now);
    const key = { appId: 'a', teamId: 'T1', scheduleKind: 'write' as const };
    expect(allowed(t, 4, key)).toBe(4);
    const refused = t.check(key);
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 0.25, headers: { 'retry-after': '0.250' } });
    now = 100;
    expect(t.check(key)).toMatchObject({ ok: false, retryAfterSeconds: 0.15 });
    now = 250;
    expect(t.check(key).ok).toBe(true);
  });

  it('keeps apps apart and lets everything through when disabled', () => {
    const t = new Throttle(settings, () => 0);
    expect(allowed(t, 5, { appId: 'a', teamId: 'T1', scheduleKind: 'read' })).toBe(4);
    expect(allowed(t, 5, { appId: 'b', teamId: 'T1', scheduleKind: 'read' })).toBe(4);
    const off = new Throttle({ ...settings, enabled: false }, () => 0);
    expect(allowed(off, 100, { appId: 'a', teamId: 'T1', scheduleKind: 'delete' })).toBe(100);
  });
});
