import { describe, expect, it } from 'vitest';
import { BOT_RETRY_POLICY, connectorFailure } from '../../bot/retry.ts';
import { GRAPH_RETRY_POLICY } from '../../connector/graph/index.ts';
import { decideRetry, parseRetryAfter, type RetryDecision, type RetryFailure, type RetryPolicy } from '../../connector/retry/index.ts';
import { WFM_HTTP_RETRY_POLICY, wfmRetryPolicy } from '../../connector/wfm/http/retry.ts';

const half = () => 0.5;
const http = (status: number, retryAfterMs?: number): RetryFailure => ({ kind: 'http', status, retryAfterMs });
type Row = [string, RetryFailure, number, RetryDecision];

function table(policy: RetryPolicy, rows: Row[]) {
  it.each(rows)('%s', (_name, failure, attempt, expected) => {
    expect(decideRetry(failure, attempt, policy, half)).toEqual(expected);
  });
}

describe('the retry decision with Graph\'s policy (5 attempts, 10 throttled, full jitter 1 s..32 s)', () => {
  table(GRAPH_RETRY_POLICY, [
    ['429 waits exactly a fractional Retry-After', http(429, parseRetryAfter('2.128')), 1, { retry: true, waitMs: 2128, reason: 'throttled' }],
    ['429 keeps honouring Retry-After on later attempts', http(429, 250), 7, { retry: true, waitMs: 250, reason: 'throttled' }],
    ['429 waits out a Retry-After beyond the backoff cap', http(429, 120_000), 1, { retry: true, waitMs: 120_000, reason: 'throttled' }],
    ['429 without Retry-After backs off with jitter', http(429), 3, { retry: true, waitMs: 2000, reason: 'throttled' }],
    ['429 gives up after the throttled-attempt limit', http(429, 1000), 10, { retry: false, waitMs: 0, reason: 'exhausted' }],
    ['503 backs off exponentially (attempt 1)', http(503), 1, { retry: true, waitMs: 500, reason: 'server_error' }],
    ['503 backs off exponentially (attempt 4)', http(503), 4, { retry: true, waitMs: 4000, reason: 'server_error' }],
    ['503 with Retry-After honours it', http(503, 3000), 1, { retry: true, waitMs: 3000, reason: 'server_error' }],
    ['500 stops at the attempt limit', http(500), 5, { retry: false, waitMs: 0, reason: 'exhausted' }],
    ['408 is transient', http(408), 1, { retry: true, waitMs: 500, reason: 'server_error' }],
    ['507 is an answer, not an outage', http(507), 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['timeout retries with backoff', { kind: 'timeout' }, 2, { retry: true, waitMs: 1000, reason: 'timeout' }],
    ['network error retries with backoff', { kind: 'network' }, 1, { retry: true, waitMs: 500, reason: 'network' }],
    ['401 retries once with a fresh token', http(401), 1, { retry: true, waitMs: 0, reason: 'token_expired' }],
    ['401 twice is permanent', http(401), 2, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['400 is permanent', http(400), 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['403 is permanent', http(403), 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['404 is permanent', http(404), 1, { retry: false, waitMs: 0, reason: 'permanent' }],
  ]);

  it('full jitter spans zero to the capped exponential ceiling', () => {
    expect(decideRetry({ kind: 'timeout' }, 4, GRAPH_RETRY_POLICY, () => 0).waitMs).toBe(0);
    const many = { ...GRAPH_RETRY_POLICY, maxAttempts: 20 };
    expect(decideRetry({ kind: 'timeout' }, 4, many, () => 0.999999).waitMs).toBe(7999);
    // attempt 10 would be 512 s uncapped; the cap keeps it at 32 s
    expect(decideRetry({ kind: 'timeout' }, 10, many, () => 0.999999).waitMs).toBe(31999);
  });
});

describe('the retry decision with the WFM HTTP adapter\'s policy (4 attempts, equal jitter 200 ms..10 s)', () => {
  const NOW = Date.parse('2026-11-18T12:00:00Z');
  table(WFM_HTTP_RETRY_POLICY, [
    ['429 with Retry-After seconds waits that long', http(429, parseRetryAfter('3', NOW)), 1, { retry: true, waitMs: 3000, reason: 'throttled' }],
    ['503 with an HTTP-date Retry-After waits until then', http(503, parseRetryAfter('Wed, 18 Nov 2026 12:00:05 GMT', NOW)), 1, { retry: true, waitMs: 5000, reason: 'server_error' }],
    ['503 with an unreadable Retry-After backs off instead', http(503, parseRetryAfter('soon', NOW)), 1, { retry: true, waitMs: 150, reason: 'server_error' }],
    ['500 backs off exponentially (attempt 1)', http(500), 1, { retry: true, waitMs: 150, reason: 'server_error' }],
    ['500 backs off exponentially (attempt 3)', http(500), 3, { retry: true, waitMs: 600, reason: 'server_error' }],
    ['a 5xx outside Graph\'s list is retried too', http(507), 1, { retry: true, waitMs: 150, reason: 'server_error' }],
    ['a network failure is retried', { kind: 'network' }, 2, { retry: true, waitMs: 300, reason: 'network' }],
    ['a timeout is retried', { kind: 'timeout' }, 1, { retry: true, waitMs: 150, reason: 'timeout' }],
    ['the last attempt is not retried', http(503), 4, { retry: false, waitMs: 0, reason: 'exhausted' }],
    ['a throttled call gets no more attempts than any other', http(429), 4, { retry: false, waitMs: 0, reason: 'exhausted' }],
    ['400 is an answer, not a failure to retry', http(400), 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['401 is not retried here (the adapter refreshes its token before deciding)', http(401), 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['409 is not retried', http(409), 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['501 Not Implemented is not retried', http(501), 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['a Retry-After beyond the ceiling gives up', http(429, parseRetryAfter('3600', NOW)), 1, { retry: false, waitMs: 0, reason: 'wait_too_long' }],
  ]);

  it('equal jitter stays within the upper half of the capped backoff', () => {
    const many = wfmRetryPolicy({ maxAttempts: 50 });
    expect(decideRetry({ kind: 'network' }, 30, many, () => 0).waitMs).toBe(5000);
    expect(decideRetry({ kind: 'network' }, 30, many, () => 0.999).waitMs).toBe(9995);
  });

  it('a tuned attempt count applies to throttled calls as well', () => {
    const tuned = wfmRetryPolicy({ maxAttempts: 2, baseMs: 10, capMs: 50 });
    expect(tuned).toMatchObject({ maxAttempts: 2, maxThrottledAttempts: 2, baseMs: 10, capMs: 50, jitter: 'equal' });
    expect(decideRetry(http(429), 2, tuned, half)).toEqual({ retry: false, waitMs: 0, reason: 'exhausted' });
  });
});

describe('the retry decision with the bot\'s policy (8 attempts, no jitter, 1 s..10 min)', () => {
  const policy: RetryPolicy = { ...BOT_RETRY_POLICY, maxAttempts: 5, maxThrottledAttempts: 5, capMs: 60_000 };
  const connector = (status: number | undefined, retryAfterMs?: number) => connectorFailure({ status, retryAfterMs });
  table(policy, [
    ['503 backs off (attempt 1)', connector(503), 1, { retry: true, waitMs: 1000, reason: 'server_error' }],
    ['503 backs off (attempt 3)', connector(503), 3, { retry: true, waitMs: 4000, reason: 'server_error' }],
    ['500 backs off (attempt 2)', connector(500), 2, { retry: true, waitMs: 2000, reason: 'server_error' }],
    ['429 honours Retry-After', connector(429, 7000), 1, { retry: true, waitMs: 7000, reason: 'throttled' }],
    ['429 with a Retry-After beyond the cap waits the cap', connector(429, 120_000), 1, { retry: true, waitMs: 60_000, reason: 'throttled' }],
    ['no answer at all is a network failure, retried', connector(undefined), 1, { retry: true, waitMs: 1000, reason: 'network' }],
    ['408 is transient', connector(408), 1, { retry: true, waitMs: 1000, reason: 'server_error' }],
    ['400 is permanent', connector(400), 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['403 (bot not in the conversation) is permanent', connector(403), 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['404 is permanent', connector(404), 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['503 stops at the attempt limit', connector(503), 5, { retry: false, waitMs: 0, reason: 'exhausted' }],
    ['429 stops at the attempt limit', connector(429, 1000), 5, { retry: false, waitMs: 0, reason: 'exhausted' }],
  ]);

  it('caps exponential backoff at the policy maximum', () => {
    expect(decideRetry(connector(502), 4, { ...policy, capMs: 5000 }, half).waitMs).toBe(5000);
  });

  it('ships with 8 attempts doubling from 1 s up to 10 minutes', () => {
    expect(BOT_RETRY_POLICY).toMatchObject({ maxAttempts: 8, baseMs: 1000, capMs: 600_000, jitter: 'none' });
    expect(decideRetry(connector(503), 7, BOT_RETRY_POLICY).waitMs).toBe(64_000);
    expect(decideRetry(connector(503), 8, BOT_RETRY_POLICY).retry).toBe(false);
  });
});

describe('the retry decision with any policy', () => {
  it('ignores a negative or non-finite Retry-After and backs off instead', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(decideRetry(http(429, bad), 1, GRAPH_RETRY_POLICY, half)).toEqual({ retry: true, waitMs: 500, reason: 'throttled' });
    }
  });
});
