/**
 * Before translating a request, every id it mentions is looked up in one query (team mapping,
 * people, entities) and handed to the translator's resolver; anything not asked for here is
 * still looked up on demand, so the prefetch only saves round trips and never changes answers.
 */
import { entityLookupKey, lookupMappings, type MappingLookup } from '../mappings/index.ts';
import type { Queryable } from '../store/index.ts';
import type { WfmEntityType } from '../wfm/contract.ts';
import type { ShiftsEntityType } from './entity-types.ts';
import type { Entry } from './outcome.ts';

/** The WFM entity type a Shifts URL's id is mapped as. */
export const URL_WFM_TYPE: Partial<Record<ShiftsEntityType, WfmEntityType>> = {
  shift: 'shift',
  openShift: 'openShift',
  timeOff: 'timeOff',
  timeOffReason: 'timeOffReason',
  swapRequest: 'request',
  offerShiftRequest: 'request',
  openShiftRequest: 'request',
  timeOffRequest: 'request',
};

/** Body fields holding Shifts ids of other entities, and what they are mapped as. */
const ID_FIELDS: Record<string, WfmEntityType> = {
  schedulingGroupId: 'job',
  senderShiftId: 'shift',
  recipientShiftId: 'shift',
  openShiftId: 'openShift',
  timeOffReasonId: 'timeOffReason',
};

const MAX_DEPTH = 6;

/** What a request's items mention: user ids and (type, Shifts id) pairs. */
export function mentionedIds(entries: readonly Entry[]): { userIds: string[]; entities: Array<{ entityType: WfmEntityType; shiftsId: string }> } {
  const users = new Set<string>();
  const entities = new Map<string, { entityType: WfmEntityType; shiftsId: string }>();
  const addEntity = (entityType: WfmEntityType, shiftsId: string) => entities.set(entityLookupKey(entityType, shiftsId), { entityType, shiftsId });
  const walk = (value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, depth + 1);
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && v !== '') {
        if (/userid$/i.test(key)) users.add(v);
        const type = ID_FIELDS[key];
        if (type) addEntity(type, v);
      } else if (key === 'user' && typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string') {
        users.add((v as { id: string }).id);
      } else {
        walk(v, depth + 1);
      }
    }
  };
  for (const e of entries) {
    if (!e.url.ok) continue;
    const type = URL_WFM_TYPE[e.url.entityType];
    if (type && e.url.entityId) addEntity(type, e.url.entityId);
    walk(e.item?.body, 0);
  }
  return { userIds: [...users], entities: [...entities.values()] };
}

/** The mappings a request's items mention, with its team's mapping, in one query. */
export function lookupForEntries(q: Queryable, teamId: string, entries: readonly Entry[]): Promise<MappingLookup & { asked: ReturnType<typeof mentionedIds> }> {
  const asked = mentionedIds(entries);
  return lookupMappings(q, { teamId, ...asked }).then((found) => ({ ...found, asked }));
}
