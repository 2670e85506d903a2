/**
 * Client-side rate limiting at Graph's documented Shifts limits: a token bucket per team
 * (4 requests/s on one team) and per tenant (30 writes/s, 15 deletes/s, 30 reads/s), all
 * configurable. Bursts are one request: Graph may count in sliding one-second windows, and an
 * evenly spaced stream never exceeds the limit in any of them. Buckets hand out reservations (they may go into debt), so concurrent callers
 * queue fairly instead of all waking up at once and bursting into 429s.
 */
import type { Clock } from './clock.ts';

export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Multiplier applied to the rate while Graph reports a nearly exhausted budget. */
  private factor = 1;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  get rate(): number {
    return this.ratePerSecond * this.factor;
  }

  setFactor(factor: number): void {
    this.refill();
    this.factor = Math.min(1, Math.max(0.05, factor));
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
  }

  /** Takes one token; returns how long the caller must wait before using it (ms). */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }
}

export type RequestClass = 'read' | 'write' | 'delete';

export interface RateLimits {
  /** Requests per second on one team (Graph: 4 per app). */
  perTeam: number;
  /** Per tenant: POST/PUT/PATCH 30/s, DELETE 15/s, GET 30/s under /teams/{id}/schedule. */
  tenantWrites: number;
  tenantDeletes: number;
  tenantReads: number;
}

export const GRAPH_SHIFTS_LIMITS: RateLimits = { perTeam: 4, tenantWrites: 30, tenantDeletes: 15, tenantReads: 30 };

/** Below this share of the budget left, slow down before Graph starts answering 429. */
export const SLOW_DOWN_BELOW = 0.2;

/** Slowest pace the slow-down goes to (a quarter of the rate): the next answer resets it. */
export const SLOWEST_FACTOR = 0.25;

/**
 * The rate factor for a reported `X-RateLimit-Remaining`: full speed at or above 20% of the
 * budget left, then proportionally slower (never below a quarter), so we glide instead of
 * hitting 429.
 */
export function slowDownFactor(remaining: number | null, limit: number): number {
  if (remaining == null || !Number.isFinite(remaining) || limit <= 0) return 1;
  const share = remaining / limit;
  if (share >= SLOW_DOWN_BELOW) return 1;
  return Math.max(SLOWEST_FACTOR, share / SLOW_DOWN_BELOW);
}

export class RateLimiter {
  private readonly teams = new Map<string, TokenBucket>();
  private readonly tenant: Record<RequestClass, TokenBucket>;

  constructor(
    readonly limits: RateLimits,
    private readonly clock: Clock,
  ) {
    this.tenant = {
      read: new TokenBucket(limits.tenantReads, 1, clock),
      write: new TokenBucket(limits.tenantWrites, 1, clock),
      delete: new TokenBucket(limits.tenantDeletes, 1, clock),
    };
  }

  private team(teamId: string): TokenBucket {
    let b = this.teams.get(teamId);
    if (!b) {
      b = new TokenBucket(this.limits.perTeam, 1, this.clock);
      this.teams.set(teamId, b);
    }
    return b;
  }

  /** Waits until one request of `cls` on `teamId` (null: not team-scoped) may be sent; resolves with the ms waited. */
  async acquire(teamId: string | null, cls: RequestClass): Promise<number> {
    const teamWait = teamId !== null ? this.team(teamId).reserve() : 0;
    if (teamWait > 0) await this.clock.sleep(teamWait);
    const tenantWait = this.tenant[cls].reserve();
    await this.clock.sleep(tenantWait);
    return teamWait + tenantWait;
  }

  /** Feeds `X-RateLimit-Remaining` (and `-Limit` when sent) back into the team's pace. */
  observe(teamId: string | null, remaining: number | null, limit: number | null): void {
    if (remaining == null) return;
    const bucket = teamId !== null ? this.team(teamId) : this.tenant.write;
    const budget = limit ?? (teamId !== null ? this.limits.perTeam : this.limits.tenantWrites);
    bucket.setFactor(slowDownFactor(remaining, budget));
  }

  /** Current pace of a team's bucket (requests/s), for status and tests. */
  teamRate(teamId: string): number {
    return this.team(teamId).rate;
  }
}
