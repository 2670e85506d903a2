/**
 * The WFM HTTP adapter's retry policy for the one decision in connector/retry.
 */
import type { RetryPolicy } from '../../retry/index.ts';

/** What a deployment (or a test) may tune: attempts in total and the backoff's base and cap. */
export type WfmRetryTuning = Partial<Pick<RetryPolicy, 'maxAttempts' | 'baseMs' | 'capMs'>>;

/**
 * A sync or a feed request waits on these calls, so the adapter gives up fast: 4 attempts,
 * backoff from 200 ms with equal jitter, capped at 10 s. 429 and every 5xx but 501 are retried;
 * a `Retry-After` beyond the cap means giving up now rather than holding the caller. 401 is
 * handled before the decision (one token refresh), and other 4xx are the WFM's answer.
 */
export const WFM_HTTP_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxThrottledAttempts: 4,
  baseMs: 200,
  capMs: 10_000,
  jitter: 'equal',
  transientStatuses: [],
  otherServerErrors: true,
  retryAfterBeyondCap: 'give_up',
  refreshTokenOn401: false,
};

/** The policy with a deployment's tuning; a throttled call gets the same attempts as any other. */
export function wfmRetryPolicy(tuning: WfmRetryTuning = {}): RetryPolicy {
  const policy = { ...WFM_HTTP_RETRY_POLICY, ...tuning };
  return { ...policy, maxThrottledAttempts: policy.maxAttempts };
}
