/**
 * Retrying outbound calls: one decision function and its vocabulary. Callers bring their own
 * policy and parse `Retry-After` with the one parser in connector/http/retry-after.ts.
 */
export { decideRetry, RETRY_REASONS, type RetryDecision, type RetryFailure, type RetryPolicy, type RetryReason } from './decide.ts';
export { parseRetryAfter } from '../http/retry-after.ts';
