/**
 * Graph access for the connector: app-only tokens, rate limits, retries, a circuit breaker and
 * the Shifts headers, in one client every caller shares.
 */
export { clientCredentialsProvider, deviceCodeToken, graphScope, msalAuth, type AuthOptions, type TokenProvider } from './auth.ts';
export { BREAKER_STATES, BREAKER_TRANSITIONS, breakerStep, initialBreaker, type BreakerOptions, type BreakerState } from './breaker.ts';
export { createGraphClient, MAX_BATCH, relativeNextLink } from './client.ts';
export type { GraphCallError, GraphClient, GraphClientOptions, GraphMethod, GraphRequest, GraphResponse, GraphStats } from './client.ts';
export { systemClock, type Clock } from './clock.ts';
export { GRAPH_SHIFTS_LIMITS, RateLimiter, slowDownFactor, TokenBucket, type RateLimits, type RequestClass } from './rate.ts';
export { GRAPH_RETRY_POLICY } from './retry.ts';
