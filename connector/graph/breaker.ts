/**
 * Per-tenant circuit breaker as data: when Graph keeps failing (5xx, timeouts), stop sending
 * for a cooldown instead of burning retries, then let one probe through (half-open).
 */

export const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;
export type BreakerStateName = (typeof BREAKER_STATES)[number];

/** The allowed transitions; `breakerStep` never produces any other. */
export const BREAKER_TRANSITIONS: Record<BreakerStateName, readonly BreakerStateName[]> = {
  closed: ['open'],
  open: ['half_open'],
  half_open: ['closed', 'open'],
};

export interface BreakerState {
  name: BreakerStateName;
  /** Consecutive failures while closed. */
  failures: number;
  /** When the breaker opened (ms since epoch), null unless open. */
  openedAt: number | null;
  /** Whether the single half-open probe is in flight. */
  probing: boolean;
}

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before letting a probe through. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 5, cooldownMs: 30_000 };

export const initialBreaker = (): BreakerState => ({ name: 'closed', failures: 0, openedAt: null, probing: false });

export type BreakerEvent = 'success' | 'failure' | 'request';

function move(from: BreakerState, to: BreakerState): BreakerState {
  if (from.name !== to.name && !BREAKER_TRANSITIONS[from.name].includes(to.name)) {
    throw new Error(`circuit breaker: illegal transition ${from.name} -> ${to.name}`);
  }
  return to;
}

/**
 * Next state after an event at `now`. `request` is a caller asking to send: it moves an open
 * breaker whose cooldown passed to half-open (that caller is the probe).
 */
export function breakerStep(state: BreakerState, event: BreakerEvent, now: number, opts: BreakerOptions): BreakerState {
  switch (state.name) {
    case 'closed':
      if (event === 'success') return { ...state, failures: 0 };
      if (event === 'failure') {
        const failures = state.failures + 1;
        if (failures >= opts.failureThreshold) return move(state, { name: 'open', failures, openedAt: now, probing: false });
        return { ...state, failures };
      }
      return state;
    case 'open':
      if (event === 'request' && state.openedAt !== null && now - state.openedAt >= opts.cooldownMs) {
        return move(state, { name: 'half_open', failures: state.failures, openedAt: null, probing: true });
      }
      return state;
    case 'half_open':
      if (event === 'success') return move(state, initialBreaker());
      if (event === 'failure') return move(state, { name: 'open', failures: state.failures, openedAt: now, probing: false });
      return state;
  }
}

/** Whether a request may be sent now; true for exactly one probe after the cooldown. */
export function breakerAllows(before: BreakerState, after: BreakerState): boolean {
  if (after.name === 'closed') return true;
  if (after.name === 'half_open') return before.name === 'open'; // the transition made this caller the probe
  return false;
}
