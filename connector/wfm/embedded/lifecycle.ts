/**
 * The request lifecycle as data: from which (state, assignee) a transition may happen, who
 * may perform it, and where it leads. Every transition of every request is checked here.
 */
import type { RequestAssignee, RequestKind, RequestState, RequestTransition } from '../contract.ts';

/** Who performs a transition: the colleague asked, a manager, or the sender. */
export type TransitionActor = 'recipient' | 'manager' | 'sender';

export interface TransitionRule {
  kinds: readonly RequestKind[];
  /** Only pending requests move; `assignedTo` says whose turn it is. */
  from: RequestAssignee;
  transition: RequestTransition;
  by: TransitionActor;
  to: { state: RequestState; assignedTo: RequestAssignee };
  /** Approving applies the request in the schedule. */
  applies: boolean;
}

const ALL: readonly RequestKind[] = ['timeOff', 'swap', 'offer', 'openShift'];
const PEER: readonly RequestKind[] = ['swap', 'offer'];

export const REQUEST_TRANSITIONS: readonly TransitionRule[] = [
  { kinds: PEER, from: 'recipient', transition: 'accept', by: 'recipient', to: { state: 'pending', assignedTo: 'manager' }, applies: false },
  { kinds: PEER, from: 'recipient', transition: 'decline', by: 'recipient', to: { state: 'declined', assignedTo: 'system' }, applies: false },
  { kinds: PEER, from: 'recipient', transition: 'cancel', by: 'sender', to: { state: 'cancelled', assignedTo: 'system' }, applies: false },
  { kinds: ALL, from: 'manager', transition: 'approve', by: 'manager', to: { state: 'approved', assignedTo: 'system' }, applies: true },
  { kinds: ALL, from: 'manager', transition: 'decline', by: 'manager', to: { state: 'declined', assignedTo: 'system' }, applies: false },
  { kinds: ALL, from: 'manager', transition: 'cancel', by: 'sender', to: { state: 'cancelled', assignedTo: 'system' }, applies: false },
];

/** Where a new request starts: peers answer swaps and offers first, managers everything else. */
export function initialAssignee(kind: RequestKind): RequestAssignee {
  return PEER.includes(kind) ? 'recipient' : 'manager';
}

/** The rule allowing `transition` on a request, or undefined when it is not allowed now. */
export function findTransition(
  kind: RequestKind,
  state: RequestState,
  assignedTo: RequestAssignee,
  transition: RequestTransition,
): TransitionRule | undefined {
  if (state !== 'pending') return undefined;
  return REQUEST_TRANSITIONS.find((t) => t.kinds.includes(kind) && t.from === assignedTo && t.transition === transition);
}
