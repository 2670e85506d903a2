/**
 * The one retry decision for every outbound client (Graph, the WFM HTTP adapter, the Bot
 * Connector): a pure function of what went wrong, how many attempts were made and the
 * caller's policy, with the random source injected so it can be table-tested. Callers parse
 * `Retry-After` with `parseRetryAfter` (connector/http/retry-after.ts) and differ only in
 * their policy, never in how the decision is made.
 */

/** What went wrong with one attempt (one request, or one item of a Graph `$batch`). */
export type RetryFailure =
  | {
      kind: 'http';
      status: number;
      /** The parsed `Retry-After`, in milliseconds, when the answer carried a readable one. */
      retryAfterMs?: number | undefined;
    }
  | { kind: 'timeout' }
  | { kind: 'network' };

/** How a caller retries. Each caller defines one beside itself, with the reasons for its numbers. */
export interface RetryPolicy {
  /** Attempts in total (the first included) for server errors, timeouts and network errors. */
  maxAttempts: number;
  /** Attempts in total while the service keeps answering 429. */
  maxThrottledAttempts: number;
  /** Exponential backoff: `min(capMs, baseMs * 2^(attempt-1))` before jitter. */
  baseMs: number;
  capMs: number;
  /**
   * How the backoff is spread over many clients: `full` waits `random * backoff`, `equal`
   * waits `backoff/2 + random * backoff/2`, `none` waits the backoff itself.
   */
  jitter: 'full' | 'equal' | 'none';
  /** Statuses other than 429 that are worth another attempt. */
  transientStatuses: readonly number[];
  /** Whether every other 5xx is transient too (501 Not Implemented never is). */
  otherServerErrors: boolean;
  /**
   * A `Retry-After` longer than `capMs`: `wait` it out anyway (the service keeps counting while
   * throttled), `cap` the wait at `capMs`, or `give_up` and report the failure now.
   */
  retryAfterBeyondCap: 'wait' | 'cap' | 'give_up';
  /** A 401 gets one immediate retry because the caller's token provider refreshes the token. */
  refreshTokenOn401: boolean;
}

/** Why a failure is, or is not, retried. A stable vocabulary for logs and callers' branches. */
export const RETRY_REASONS = [
  'throttled',
  'server_error',
  'timeout',
  'network',
  'token_expired',
  'permanent',
  'exhausted',
  'wait_too_long',
] as const;
export type RetryReason = (typeof RETRY_REASONS)[number];

export interface RetryDecision {
  retry: boolean;
  waitMs: number;
  reason: RetryReason;
}

const stop = (reason: RetryReason): RetryDecision => ({ retry: false, waitMs: 0, reason });

function transient(status: number, policy: RetryPolicy): boolean {
  if (policy.transientStatuses.includes(status)) return true;
  return policy.otherServerErrors && status >= 500 && status < 600 && status !== 501;
}

/**
 * Decides whether to try again after `attempt` attempts (1 = the first try just failed), and
 * how long to wait first. A readable `Retry-After` on a retried answer is honoured (see
 * `retryAfterBeyondCap`); without one the wait is exponential backoff with the policy's jitter.
 * Anything not transient (most 4xx) is permanent: waiting will not change the answer.
 */
export function decideRetry(
  failure: RetryFailure,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  const backoff = () => {
    const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
    if (policy.jitter === 'none') return ceiling;
    if (policy.jitter === 'equal') return Math.floor(ceiling / 2 + (ceiling / 2) * random());
    return Math.floor(random() * ceiling);
  };

  if (failure.kind !== 'http') {
    if (attempt >= policy.maxAttempts) return stop('exhausted');
    return { retry: true, waitMs: backoff(), reason: failure.kind };
  }
  const { status } = failure;
  if (status === 401 && policy.refreshTokenOn401) {
    return attempt >= 2 ? stop('permanent') : { retry: true, waitMs: 0, reason: 'token_expired' };
  }
  const throttled = status === 429;
  if (!throttled && !transient(status, policy)) return stop('permanent');
  if (attempt >= (throttled ? policy.maxThrottledAttempts : policy.maxAttempts)) return stop('exhausted');
  const reason: RetryReason = throttled ? 'throttled' : 'server_error';
  const hinted = failure.retryAfterMs;
  if (hinted === undefined || !Number.isFinite(hinted) || hinted < 0) {
    return { retry: true, waitMs: backoff(), reason };
  }
  if (hinted > policy.capMs && policy.retryAfterBeyondCap !== 'wait') {
    if (policy.retryAfterBeyondCap === 'give_up') return stop('wait_too_long');
    return { retry: true, waitMs: policy.capMs, reason };
  }
  return { retry: true, waitMs: hinted, reason };
}
