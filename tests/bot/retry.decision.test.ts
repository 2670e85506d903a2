import { describe, expect, it } from 'vitest';
import { retryDecision, type RetryPolicy } from '../../bot/retry.ts';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };

describe('Bot Connector retry decision', () => {
  it.each([
    // status, retryAfterMs, attempt, retry, waitMs
    [503, undefined, 1, true, 1000],
    [503, undefined, 3, true, 4000],
    [500, undefined, 2, true, 2000],
    [429, 7000, 1, true, 7000],
    [429, 120_000, 1, true, 60_000],
    [undefined, undefined, 1, true, 1000],
    [408, undefined, 1, true, 1000],
    [400, undefined, 1, false, 0],
    [403, undefined, 1, false, 0],
    [404, undefined, 1, false, 0],
    [503, undefined, 5, false, 0],
    [429, 1000, 5, false, 0],
  ] as const)('status %s, Retry-After %s ms, attempt %s → retry %s after %s ms', (status, retryAfterMs, attempt, retry, waitMs) => {
    const d = retryDecision({ status, retryAfterMs }, attempt, policy);
    expect(d.retry).toBe(retry);
    expect(d.waitMs).toBe(waitMs);
    expect(d.reason).not.toBe('');
  });

  it('caps exponential backoff at the policy maximum', () => {
    expect(retryDecision({ status: 502, retryAfterMs: undefined }, 4, { ...policy, maxDelayMs: 5000 }).waitMs).toBe(5000);
  });
});
