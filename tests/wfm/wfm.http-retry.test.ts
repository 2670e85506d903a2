import { describe, expect, it } from 'vitest';
import { retryDecision, type AttemptFailure } from '../../connector/wfm/http/retry.ts';

const policy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 10_000 };
const NOW = Date.parse('2026-11-18T12:00:00Z');

describe('WFM HTTP retry decision', () => {
  it.each<[string, AttemptFailure, number, { retry: boolean; waitMs: number }]>([
    ['429 with Retry-After seconds waits that long', { kind: 'status', status: 429, retryAfter: '3' }, 1, { retry: true, waitMs: 3000 }],
    ['503 with an HTTP-date Retry-After waits until then', { kind: 'status', status: 503, retryAfter: 'Wed, 18 Nov 2026 12:00:05 GMT' }, 1, { retry: true, waitMs: 5000 }],
    ['500 backs off exponentially (attempt 1)', { kind: 'status', status: 500 }, 1, { retry: true, waitMs: 150 }],
    ['500 backs off exponentially (attempt 3)', { kind: 'status', status: 500 }, 3, { retry: true, waitMs: 600 }],
    ['a network failure is retried', { kind: 'network' }, 2, { retry: true, waitMs: 300 }],
    ['a timeout is retried', { kind: 'timeout' }, 1, { retry: true, waitMs: 150 }],
    ['the last attempt is not retried', { kind: 'status', status: 503 }, 4, { retry: false, waitMs: 0 }],
    ['400 is an answer, not a failure to retry', { kind: 'status', status: 400 }, 1, { retry: false, waitMs: 0 }],
    ['409 is not retried', { kind: 'status', status: 409 }, 1, { retry: false, waitMs: 0 }],
    ['501 Not Implemented is not retried', { kind: 'status', status: 501 }, 1, { retry: false, waitMs: 0 }],
    ['a Retry-After beyond the ceiling gives up', { kind: 'status', status: 429, retryAfter: '3600' }, 1, { retry: false, waitMs: 0 }],
  ])('%s', (_name, failure, attempt, expected) => {
    const d = retryDecision(failure, attempt, policy, NOW, 0.5);
    expect({ retry: d.retry, waitMs: d.waitMs }).toEqual(expected);
    expect(d.reason.length).toBeGreaterThan(3);
  });

  it('caps the backoff at the ceiling', () => {
    expect(retryDecision({ kind: 'network' }, 30, { ...policy, maxAttempts: 50 }, NOW, 0.999).waitMs).toBeLessThanOrEqual(10_000);
  });

  it('ignores a Retry-After it cannot read and backs off instead', () => {
    expect(retryDecision({ kind: 'status', status: 503, retryAfter: 'soon' }, 1, policy, NOW, 0).reason).toBe('HTTP 503, backoff');
  });

  it('honours a fractional Retry-After such as 2.128 (Graph-style)', () => {
    expect(retryDecision({ kind: 'status', status: 429, retryAfter: '2.128' }, 1, policy, NOW, 0)).toMatchObject({ retry: true, waitMs: 2128 });
  });
});
