/**
 * The Bot Connector's retry policy for the one decision in connector/retry, and how a failed
 * connector call reads as a retry failure.
 */
import type { RetryFailure, RetryPolicy } from '../connector/retry/index.ts';
import type { ConnectorError } from './channel.ts';

/**
 * Card deliveries are durable (the outbox row waits with its lease), so the bot can afford
 * patience: 8 attempts, doubling from 1 s up to 10 minutes, no jitter because each delivery is
 * requeued on its own schedule. Throttling (429), 408 and server errors are retried honouring
 * `Retry-After` up to the same 10 minutes; 400, 403 ("bot not in conversation") and 404 will
 * not get better by waiting.
 */
export const BOT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  maxThrottledAttempts: 8,
  baseMs: 1000,
  capMs: 10 * 60 * 1000,
  jitter: 'none',
  transientStatuses: [408],
  otherServerErrors: true,
  retryAfterBeyondCap: 'cap',
  refreshTokenOn401: false,
};

/** A connector call without a status never got an answer: a network failure. */
export function connectorFailure(error: Pick<ConnectorError, 'status' | 'retryAfterMs'>): RetryFailure {
  if (error.status === undefined) return { kind: 'network' };
  return { kind: 'http', status: error.status, retryAfterMs: error.retryAfterMs };
}
