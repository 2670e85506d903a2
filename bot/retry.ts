/**
 * When to try a Bot Connector call again. One pure function, table-tested: throttling (429)
 * and server errors (5xx) are retried with exponential backoff, honouring `Retry-After`;
 * anything else (400, 403 "bot not in conversation", 404) will not get better by waiting.
 */

export interface ConnectorFailure {
  /** HTTP status from the Bot Connector; undefined when the request never got an answer. */
  status: number | undefined;
  /** Parsed `Retry-After`, in milliseconds, when the service sent one. */
  retryAfterMs: number | undefined;
}

export interface RetryDecision {
  retry: boolean;
  waitMs: number;
  reason: string;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 10 * 60 * 1000 };

/** `attempt` is the number of attempts made so far (1 after the first failure). */
export function retryDecision(failure: ConnectorFailure, attempt: number, policy = DEFAULT_RETRY_POLICY): RetryDecision {
  const { status } = failure;
  const transient = status === undefined || status === 408 || status === 429 || status >= 500;
  if (!transient) return { retry: false, waitMs: 0, reason: `status ${status} is not retryable` };
  if (attempt >= policy.maxAttempts) {
    return { retry: false, waitMs: 0, reason: `gave up after ${attempt} attempts` };
  }
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  if (failure.retryAfterMs !== undefined) {
    return {
      retry: true,
      waitMs: Math.min(policy.maxDelayMs, Math.max(failure.retryAfterMs, 0)),
      reason: `status ${status ?? 'none'}, Retry-After honoured`,
    };
  }
  return { retry: true, waitMs: backoff, reason: `status ${status ?? 'no response'}, backoff` };
}
