import { describe, expect, it } from 'vitest';
import { BREAKER_TRANSITIONS, breakerStep, initialBreaker, type BreakerState } from '../../connector/graph/index.ts';

const opts = { failureThreshold: 3, cooldownMs: 1000 };

describe('circuit breaker', () => {
  it('opens after consecutive failures, not after scattered ones', () => {
    let s = initialBreaker();
    s = breakerStep(s, 'failure', 0, opts);
    s = breakerStep(s, 'failure', 0, opts);
    s = breakerStep(s, 'success', 0, opts);
    s = breakerStep(s, 'failure', 0, opts);
    s = breakerStep(s, 'failure', 0, opts);
    expect(s.name).toBe('closed');
    s = breakerStep(s, 'failure', 5, opts);
    expect(s).toMatchObject({ name: 'open', openedAt: 5 });
  });

  it('stays open during the cooldown, then lets one probe through', () => {
    const open: BreakerState = { name: 'open', failures: 3, openedAt: 0, probing: false };
    expect(breakerStep(open, 'request', 999, opts).name).toBe('open');
    expect(breakerStep(open, 'request', 1000, opts)).toMatchObject({ name: 'half_open', probing: true });
  });

  it('closes when the probe succeeds and reopens when it fails', () => {
    const half: BreakerState = { name: 'half_open', failures: 3, openedAt: null, probing: true };
    expect(breakerStep(half, 'success', 2000, opts)).toEqual(initialBreaker());
    expect(breakerStep(half, 'failure', 2000, opts)).toMatchObject({ name: 'open', openedAt: 2000 });
  });

  it('only ever moves along the declared transitions', () => {
    const states: BreakerState[] = [
      initialBreaker(),
      { name: 'closed', failures: 2, openedAt: null, probing: false },
      { name: 'open', failures: 3, openedAt: 0, probing: false },
      { name: 'half_open', failures: 3, openedAt: null, probing: true },
    ];
    for (const s of states) {
      for (const e of ['success', 'failure', 'request'] as const) {
        for (const now of [0, 500, 5000]) {
          const next = breakerStep(s, e, now, opts);
          if (next.name !== s.name) expect(BREAKER_TRANSITIONS[s.name]).toContain(next.name);
        }
      }
    }
  });
});
