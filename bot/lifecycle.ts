/**
 * Lifecycles as data: the states an alert and a delivery may be in and the moves allowed
 * between them. Every write goes through `assertTransition`, so an impossible move (a handled
 * alert "retrying", a sent delivery "awaiting install") is a programmer error caught at once.
 */

export const ALERT_STATES = ['open', 'resolved', 'handled'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** A resolved or handled alert reopens when the same entity fails again. */
export const ALERT_TRANSITIONS: Record<AlertState, readonly AlertState[]> = {
  open: ['open', 'resolved', 'handled'],
  resolved: ['open'],
  handled: ['open'],
};

export const DELIVERY_STATES = ['pending', 'sent', 'awaiting_install', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * `sent → pending`: the alert changed and its message must be edited. `awaiting_install →
 * pending`: the manager installed the app. `failed → pending`: a later change gives it
 * another chance.
 */
export const DELIVERY_TRANSITIONS: Record<DeliveryState, readonly DeliveryState[]> = {
  pending: ['pending', 'sent', 'awaiting_install', 'failed'],
  sent: ['pending', 'sent'],
  awaiting_install: ['pending', 'awaiting_install'],
  failed: ['pending', 'failed'],
};

/** Throws when `from → to` is not an allowed move. */
export function assertTransition<S extends string>(
  table: Record<S, readonly S[]>,
  from: S,
  to: S,
  what: string,
): void {
  if (!table[from].includes(to)) throw new Error(`${what}: ${from} → ${to} is not an allowed transition`);
}
