/**
 * The team's sync mode per entity kind, applied to Shifts' changes: a kind that is `off` or
 * `one-way` for the team is refused with 403 and a sentence the worker can act on. Our own
 * echoed writes never get here (they are approved before any check).
 */
import { effectiveModes, kindOfWfiType, type GlobalSyncMode, type SyncEntityKind, type TeamMapping } from '../mappings/index.ts';
import { CONFIG_NAME } from './entity-types.ts';
import { MESSAGES } from './responses.ts';
import type { Entry } from './outcome.ts';

type Reason = [status: number, code: string, message: string];

/** What the worker tried to change, as they would say it. */
const NOUN: Record<SyncEntityKind, string> = {
  shifts: 'Shift changes',
  openShifts: 'Open shift changes',
  timeOff: 'Time off changes',
  timeOffRequests: 'Time-off requests',
  swapRequests: 'Shift swaps',
  offerShiftRequests: 'Shift offers',
  openShiftRequests: 'Requests for open shifts',
  availability: 'Availability changes',
};

/** The sentence Shifts shows for a kind the team has turned off. */
export function offMessage(kind: SyncEntityKind): string {
  return `${NOUN[kind]} aren't available for this team, so this wasn't sent. Please talk to your manager.`;
}

/** The sentence Shifts shows for a kind the team runs one-way (from the WFM only). */
export function oneWayMessage(kind: SyncEntityKind): string {
  return `${NOUN[kind]} for this team are handled in the workforce management system, so they can't be made in Shifts. Please ask your manager to arrange this there.`;
}

/** Each item's refusal under the team's modes, and the one every other item gets; undefined when all may pass. */
export function modeRefusals(global: GlobalSyncMode, team: TeamMapping, entries: readonly Entry[]): { get(e: Entry): Reason | undefined; all: Reason } | undefined {
  const modes = effectiveModes(global, team.syncModes);
  const own = new Map<Entry, Reason>();
  for (const e of entries) {
    if (!e.url.ok) continue;
    const kind = kindOfWfiType(CONFIG_NAME[e.url.entityType]);
    const { mode, source } = modes[kind];
    if (mode === 'off') own.set(e, [403, 'SYNC_OFF', offMessage(kind)]);
    // The deployment-wide one-way mode keeps its long-standing sentence.
    else if (mode === 'one-way') own.set(e, [403, 'ONE_WAY_SYNC', source === 'global' ? MESSAGES.oneWay : oneWayMessage(kind)]);
  }
  const first = entries.map((e) => own.get(e)).find((r) => r !== undefined);
  return first ? { get: (e) => own.get(e), all: first } : undefined;
}
