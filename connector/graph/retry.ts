/**
 * The one retry decision for every Graph call and every item of a `$batch`: a pure function
 * of what went wrong and how many attempts were made, so it can be table-tested and reused
 * by the single-request path and the per-item batch path alike.
 */

/** What went wrong with one Graph request (or one item of a batch). */
export type GraphFailure =
  | {
      kind: 'http';
      status: number;
      /** Parsed `Retry-After` in seconds (fractional allowed), when the response sent one. */
      retryAfterSeconds?: number | null;
    }
  | { kind: 'timeout' }
  | { kind: 'network' };

export interface RetryPolicy {
  /** Attempts in total (first try included) for 5xx, timeouts and network errors. */
  maxAttempts: number;
  /** Attempts in total while Graph keeps answering 429 (it tells us how long to wait). */
  maxThrottledAttempts: number;
  /** Backoff base and cap for exponential backoff with full jitter. */
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxThrottledAttempts: 10,
  baseMs: 1000,
  capMs: 32_000,
};

export type RetryReason =
  | 'throttled'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'token_expired'
  | 'permanent'
  | 'exhausted';

export interface RetryDecision {
  retry: boolean;
  waitMs: number;
  reason: RetryReason;
}

const TRANSIENT_STATUS = new Set([408, 500, 502, 503, 504]);

/**
 * Decides whether to retry after `attempt` attempts (1 = the first try just failed).
 * - 429: wait exactly `Retry-After` (Graph keeps counting while throttled, so never sooner);
 *   without the header, back off like a 5xx.
 * - 408/5xx, timeouts, network errors: exponential backoff with full jitter
 *   (`random() * min(cap, base * 2^(attempt-1))`), honouring `Retry-After` on 503 when sent.
 * - 401: one retry (the token provider refreshes the token).
 * - Other 4xx: permanent, never retried.
 */
export function decideRetry(
  failure: GraphFailure,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  const backoff = () => Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1)));
  const retryAfterMs =
    failure.kind === 'http' && failure.retryAfterSeconds != null && failure.retryAfterSeconds >= 0
      ? Math.ceil(failure.retryAfterSeconds * 1000)
      : null;

  if (failure.kind === 'timeout' || failure.kind === 'network') {
    if (attempt >= policy.maxAttempts) return { retry: false, waitMs: 0, reason: 'exhausted' };
    return { retry: true, waitMs: backoff(), reason: failure.kind };
  }
  const { status } = failure;
  if (status === 429) {
    if (attempt >= policy.maxThrottledAttempts) return { retry: false, waitMs: 0, reason: 'exhausted' };
    return { retry: true, waitMs: retryAfterMs ?? backoff(), reason: 'throttled' };
  }
  if (TRANSIENT_STATUS.has(status)) {
    if (attempt >= policy.maxAttempts) return { retry: false, waitMs: 0, reason: 'exhausted' };
    return { retry: true, waitMs: retryAfterMs ?? backoff(), reason: 'server_error' };
  }
  if (status === 401) {
    if (attempt >= 2) return { retry: false, waitMs: 0, reason: 'permanent' };
    return { retry: true, waitMs: 0, reason: 'token_expired' };
  }
  return { retry: false, waitMs: 0, reason: 'permanent' };
}
