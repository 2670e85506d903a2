/**
 * The HTTP adapter's retry decision as one pure function, table-tested: retry on 429, 5xx
 * and network failures with exponential backoff and jitter, honouring `Retry-After`.
 */
import { parseRetryAfter } from '../../http/retry-after.ts';

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 10_000 };

/** What went wrong with one attempt. */
export type AttemptFailure =
  | { kind: 'status'; status: number; retryAfter?: string | null }
  | { kind: 'network' }
  | { kind: 'timeout' };

export interface RetryDecision {
  retry: boolean;
  waitMs: number;
  reason: string;
}

/**
 * Decides whether attempt number `attempt` (1-based, just failed) is retried and after how
 * long. `random` in [0, 1) spreads retries of many clients (full jitter on the backoff).
 */
export function retryDecision(
  failure: AttemptFailure,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY,
  nowMs = Date.now(),
  random = Math.random(),
): RetryDecision {
  const retryable =
    failure.kind !== 'status' || failure.status === 429 || (failure.status >= 500 && failure.status !== 501);
  const reason = failure.kind === 'status' ? `HTTP ${failure.status}` : failure.kind;
  if (!retryable) return { retry: false, waitMs: 0, reason: `${reason} is not retryable` };
  if (attempt >= policy.maxAttempts) return { retry: false, waitMs: 0, reason: `${reason} after ${attempt} attempts` };
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const hinted = failure.kind === 'status' ? parseRetryAfter(failure.retryAfter, nowMs) : undefined;
  if (hinted !== undefined) {
    // The server said when; waiting longer than our ceiling means giving up instead.
    if (hinted > policy.maxDelayMs) return { retry: false, waitMs: 0, reason: `${reason}, Retry-After ${hinted} ms exceeds ${policy.maxDelayMs} ms` };
    return { retry: true, waitMs: hinted, reason: `${reason}, Retry-After` };
  }
  return { retry: true, waitMs: Math.round(backoff / 2 + (backoff / 2) * random), reason: `${reason}, backoff` };
}
