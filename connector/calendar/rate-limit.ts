/**
 * Per-key token buckets for the feed endpoint: each subscription link gets `burst` requests at
 * once and `perHour` sustained. Calendar clients poll about hourly, so a link fetched far more
 * often than that is a misbehaving client or a leaked URL; it gets 429 with Retry-After.
 * In memory on purpose: the limit protects this process, and a restart only forgives.
 */

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the next request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string): RateDecision;
}

export interface RateLimiterOptions {
  perHour: number;
  burst: number;
  now?: () => number;
  /** Buckets kept at most; the least recently used are dropped beyond it (full buckets). */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 50_000;
  const perMs = options.perHour / 3_600_000;
  const buckets = new Map<string, Bucket>();

  return {
    take(key) {
      const t = now();
      const existing = buckets.get(key);
      const bucket = existing ?? { tokens: options.burst, at: t };
      bucket.tokens = Math.min(options.burst, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      // Re-insert so Map order is least recently used first.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}
