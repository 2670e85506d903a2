import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Answer deadlines. Each /update item carries `X-MS-Expires`; Shifts gives up on the request
 * after it (about 30 s after the change). The webhook answers before the earliest expiry minus
 * a safety margin, and never later than its own budget when the header is missing.
 */

export interface DeadlineOptions {
  /** Longest the webhook works on one request (ms). */
  budgetMs: number;
  /** Kept free before the earliest expiry for the answer to travel back (ms). */
  marginMs: number;
}

export const DEFAULT_DEADLINE: DeadlineOptions = { budgetMs: 25_000, marginMs: 2_000 };

/** Parses an `X-MS-Expires` value (ISO 8601, up to 7 fractional digits); undefined if absent or invalid. */
export function parseExpiry(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  // JavaScript dates carry milliseconds; Shifts sends 100 ns ticks (7 digits).
  const trimmed = value.trim().replace(/(\.\d{3})\d+/, '$1');
  const t = Date.parse(trimmed);
  return Number.isNaN(t) ? undefined : t;
}

/** The instant (epoch ms) by which the answer must be ready. */
export function answerDeadline(now: number, expiries: ReadonlyArray<number | undefined>, options: DeadlineOptions): number {
  let deadline = now + options.budgetMs;
  for (const e of expiries) if (e !== undefined) deadline = Math.min(deadline, e - options.marginMs);
  return deadline;
}

/** Resolves with `work`'s value, or `{ timedOut: true }` when `deadline` passes first. */
export async function beforeDeadline<T>(
  work: Promise<T>,
  deadline: number,
  now: () => number = Date.now,
): Promise<{ timedOut: false; value: T } | { timedOut: true }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), Math.max(0, deadline - now()));
  });
  try {
    return await Promise.race([work.then((value) => ({ timedOut: false as const, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Items handled between two turns of the event loop. The embedded store answers without real
 * I/O, so a loop over thousands of items would otherwise never let /healthz or another request
 * in until it finished.
 */
export const YIELD_EVERY_ITEMS = 25;

/** Lets pending I/O (other requests, timers) run before the work continues. */
export function yieldToEventLoop(): Promise<void> {
  return nextTurn();
}
