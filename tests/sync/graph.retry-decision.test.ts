import { describe, expect, it } from 'vitest';
import { decideRetry, DEFAULT_RETRY_POLICY, type GraphFailure } from '../../connector/graph/index.ts';

const half = () => 0.5;
const P = DEFAULT_RETRY_POLICY; // 5 attempts, 10 throttled attempts, base 1 s, cap 32 s

describe('decideRetry', () => {
  const table: Array<[string, GraphFailure, number, { retry: boolean; waitMs: number; reason: string }]> = [
    ['429 waits exactly a fractional Retry-After', { kind: 'http', status: 429, retryAfterSeconds: 2.128 }, 1, { retry: true, waitMs: 2128, reason: 'throttled' }],
    ['429 keeps honouring Retry-After on later attempts', { kind: 'http', status: 429, retryAfterSeconds: 0.25 }, 7, { retry: true, waitMs: 250, reason: 'throttled' }],
    ['429 without Retry-After backs off with jitter', { kind: 'http', status: 429 }, 3, { retry: true, waitMs: 2000, reason: 'throttled' }],
    ['429 gives up after the throttled-attempt limit', { kind: 'http', status: 429, retryAfterSeconds: 1 }, 10, { retry: false, waitMs: 0, reason: 'exhausted' }],
    ['503 backs off exponentially (attempt 1)', { kind: 'http', status: 503 }, 1, { retry: true, waitMs: 500, reason: 'server_error' }],
    ['503 backs off exponentially (attempt 4)', { kind: 'http', status: 503 }, 4, { retry: true, waitMs: 4000, reason: 'server_error' }],
    ['503 with Retry-After honours it', { kind: 'http', status: 503, retryAfterSeconds: 3 }, 1, { retry: true, waitMs: 3000, reason: 'server_error' }],
    ['500 stops at the attempt limit', { kind: 'http', status: 500 }, 5, { retry: false, waitMs: 0, reason: 'exhausted' }],
    ['timeout retries with backoff', { kind: 'timeout' }, 2, { retry: true, waitMs: 1000, reason: 'timeout' }],
    ['network error retries with backoff', { kind: 'network' }, 1, { retry: true, waitMs: 500, reason: 'network' }],
    ['401 retries once with a fresh token', { kind: 'http', status: 401 }, 1, { retry: true, waitMs: 0, reason: 'token_expired' }],
    ['401 twice is permanent', { kind: 'http', status: 401 }, 2, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['400 is permanent', { kind: 'http', status: 400 }, 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['404 is permanent', { kind: 'http', status: 404 }, 1, { retry: false, waitMs: 0, reason: 'permanent' }],
    ['403 is permanent', { kind: 'http', status: 403 }, 1, { retry: false, waitMs: 0, reason: 'permanent' }],
  ];
  it.each(table)('%s', (_name, failure, attempt, expected) => {
    expect(decideRetry(failure, attempt, P, half)).toEqual(expected);
  });

  it('full jitter spans zero to the capped exponential ceiling', () => {
    expect(decideRetry({ kind: 'timeout' }, 10, P, () => 0).waitMs).toBe(0);
    // attempt 10 would be 512 s uncapped; the cap keeps it at 32 s
    expect(decideRetry({ kind: 'timeout' }, 4, { ...P, maxAttempts: 20 }, () => 0.999999).waitMs).toBe(7999);
    expect(decideRetry({ kind: 'timeout' }, 10, { ...P, maxAttempts: 20 }, () => 0.999999).waitMs).toBe(31999);
  });
});
