import type { ThrottleSettings } from '../options.ts';

/** A classic token bucket: `rate` tokens per second, holding one second's worth (at least one). */
class Bucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  constructor(readonly rate: number, now: number) {
    this.capacity = Math.max(1, rate);
    this.tokens = this.capacity;
    this.last = now;
  }
  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
  /** Seconds until one token is available (0 when one is available now). */
  waitSeconds(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.rate;
  }
  take(): void {
    this.tokens -= 1;
  }
  remaining(): number {
    return Math.max(0, Math.floor(this.tokens));
  }
}

export type ThrottleDecision =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; retryAfterSeconds: number; headers: Record<string, string> };

/** Which limits one Graph request counts against. */
export interface ThrottleKey {
  appId: string;
  teamId: string | undefined;
  /** Only requests under `/teams/{id}/schedule` count against the tenant-wide limits. */
  scheduleKind: 'read' | 'write' | 'delete' | undefined;
}

/**
 * Graph's Teams limits as token buckets: 4 rps per app per team, and per app per tenant
 * 30 rps schedule writes / 15 rps deletes / 30 rps reads. A request must find a token in
 * every bucket it counts against; otherwise nothing is taken and the answer says how long
 * to wait (fractional seconds, like Graph's `Retry-After: 2.128`).
 */
export class Throttle {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private settings: ThrottleSettings, private readonly now: () => number = () => performance.now()) {}

  configure(settings: ThrottleSettings): void {
    this.settings = settings;
    this.buckets.clear();
  }

  check(key: ThrottleKey): ThrottleDecision {
    if (!this.settings.enabled) return { ok: true, headers: {} };
    const t = this.now();
    const wanted: Bucket[] = [];
    if (key.teamId) wanted.push(this.bucket(`team:${key.appId}:${key.teamId.toLowerCase()}`, this.settings.perTeamPerSecond, t));
    if (key.scheduleKind) {
      const rate =
        key.scheduleKind === 'delete'
          ? this.settings.tenantDeletesPerSecond
          : key.scheduleKind === 'write'
            ? this.settings.tenantWritesPerSecond
            : this.settings.tenantReadsPerSecond;
      wanted.push(this.bucket(`tenant:${key.scheduleKind}:${key.appId}`, rate, t));
    }
    if (wanted.length === 0) return { ok: true, headers: {} };
    const wait = Math.max(...wanted.map((b) => b.waitSeconds(t)));
    const tightest = wanted.reduce((a, b) => (a.rate <= b.rate ? a : b));
    if (wait > 0) {
      // Never advertise 0: a client retrying at once would only be throttled again.
      const retryAfter = Math.max(0.001, Math.ceil(wait * 1000) / 1000);
      return {
        ok: false,
        retryAfterSeconds: retryAfter,
        headers: {
          'retry-after': retryAfter.toFixed(3),
          'x-ratelimit-limit': String(tightest.rate),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': retryAfter.toFixed(3),
        },
      };
    }
    for (const b of wanted) b.take();
    return {
      ok: true,
      headers: {
        'x-ratelimit-limit': String(tightest.rate),
        'x-ratelimit-remaining': String(Math.min(...wanted.map((b) => b.remaining()))),
      },
    };
  }

  private bucket(name: string, rate: number, now: number): Bucket {
    let b = this.buckets.get(name);
    if (!b) {
      b = new Bucket(rate, now);
      this.buckets.set(name, b);
    }
    return b;
  }
}
