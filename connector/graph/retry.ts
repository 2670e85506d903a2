/**
 * Graph's retry policy for the one decision in connector/retry, used for every single request
 * and every item of a `$batch` alike.
 */
import type { RetryPolicy } from '../retry/index.ts';

/**
 * - 429: wait exactly `Retry-After`, however long: Graph keeps counting while throttled, so
 *   sooner only earns another 429. Up to 10 attempts, since Graph tells us how long to wait.
 * - 408 and the 5xx Graph documents as transient (500, 502, 503, 504): 5 attempts with full
 *   jitter from 1 s, capped at 32 s, honouring `Retry-After` on 503 when sent. Other 5xx (507
 *   insufficient storage, 501) are answers, not outages.
 * - 401: one retry, because the token provider refreshes an expired token.
 */
export const GRAPH_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxThrottledAttempts: 10,
  baseMs: 1000,
  capMs: 32_000,
  jitter: 'full',
  transientStatuses: [408, 500, 502, 503, 504],
  otherServerErrors: false,
  retryAfterBeyondCap: 'wait',
  refreshTokenOn401: true,
};
