/**
 * This instance's liveness lock: a session advisory lock held for as long as the process runs.
 * Every idempotency claim names its instance; a retry finding a claim whose instance's lock is
 * free knows that instance died (a crash or a restart mid-request) and takes the claim over at
 * once, instead of waiting for a fixed expiry while Shifts gives up.
 */
import { randomInt } from 'node:crypto';
import type { Store } from '../store/index.ts';

/** Advisory-lock class of instance liveness locks ("WL"), apart from every other lock's keys. */
export const LIVENESS_LOCK_CLASS = 0x574c;

export interface InstanceLiveness {
  /** This instance's key, once its lock is held (taken on first use). */
  key(): Promise<number>;
  release(): Promise<void>;
}

export function createInstanceLiveness(store: Store): InstanceLiveness {
  // Positive int4, so it fits the second key of the two-int advisory lock and the claim column.
  const key = randomInt(1, 2 ** 31 - 1);
  let held: Promise<{ release(): Promise<void> }> | undefined;
  return {
    async key() {
      held ??= store.holdAdvisoryLock(LIVENESS_LOCK_CLASS, key);
      try {
        await held;
      } catch (err) {
        held = undefined;
        throw err;
      }
      return key;
    },
    async release() {
      const h = held;
      held = undefined;
      if (h) await (await h).release();
    },
  };
}
