import { randomUUID } from 'node:crypto';

/** A Graph object as JSON: bodies are validated against the Graph schema, not re-typed here. */
export type GraphObject = Record<string, unknown>;

/** The schedule collections under `/teams/{id}/schedule`, in Graph's spelling. */
export const SCHEDULE_COLLECTIONS = [
  'shifts',
  'openShifts',
  'timesOff',
  'timeOffReasons',
  'schedulingGroups',
  'timeOffRequests',
  'swapShiftsChangeRequests',
  'offerShiftRequests',
  'openShiftChangeRequests',
] as const;
export type ScheduleCollection = (typeof SCHEDULE_COLLECTIONS)[number];

/** Collections holding schedule change requests (approve/decline, no direct writes). */
export const REQUEST_COLLECTIONS = [
  'timeOffRequests',
  'swapShiftsChangeRequests',
  'offerShiftRequests',
  'openShiftChangeRequests',
] as const satisfies readonly ScheduleCollection[];
export type RequestCollection = (typeof REQUEST_COLLECTIONS)[number];

/** Id prefixes as seen in Graph examples (ids are opaque to clients). */
export const ID_PREFIX: Record<ScheduleCollection, string> = {
  shifts: 'SHFT_',
  openShifts: 'OPNSHFT_',
  timesOff: 'TOF_',
  timeOffReasons: 'TOR_',
  schedulingGroups: 'TAG_',
  timeOffRequests: 'TOFFREQ_',
  swapShiftsChangeRequests: 'SWPSHFT_',
  offerShiftRequests: 'OFFRSHFT_',
  openShiftChangeRequests: 'SREQ_',
};

/** Workforce integration ids look like `WFI_...`. */
export const ID_PREFIX_WFI = 'WFI_';

export function newId(prefix: string): string {
  return `${prefix}${randomUUID()}`;
}

export interface EmulatedUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string;
  /** A Global Administrator of the tenant (may manage workforce integrations with a delegated token). */
  admin: boolean;
}

export interface EmulatedTeam {
  id: string;
  displayName: string;
  description: string;
  ownerIds: string[];
  memberIds: string[];
  /** Undefined until `PUT /teams/{id}/schedule` created it. */
  schedule: EmulatedSchedule | undefined;
}

export interface EmulatedSchedule {
  /** The schedule resource's own properties (enabled, timeZone, workforceIntegrationIds, ...). */
  props: GraphObject;
  collections: Record<ScheduleCollection, Map<string, GraphObject>>;
}

/** A workforce integration; the secret never leaves the emulator. */
export interface EmulatedIntegration {
  props: GraphObject;
  secret: string;
}

/** One callback to a workforce integration and what came back, for the inspection page. */
export interface CallbackRecord {
  at: string;
  kind: 'connect' | 'update' | 'read';
  integrationId: string;
  teamId: string | undefined;
  url: string;
  passthrough: string | undefined;
  /** Method and url of each request item (no bodies). */
  items: Array<{ id: string; method: string; url: string }>;
  attempts: Array<{ httpStatus: number | undefined; problem: string | undefined }>;
  /** `pending` while the call is in flight. */
  outcome: 'pending' | 'approved' | 'rejected' | 'invalid' | 'unreachable';
  /** Per-item answers: status and the connector's error message, if any. */
  answers: Array<{ id: string; status: number; message: string | undefined }>;
}

export interface EmulatorState {
  users: Map<string, EmulatedUser>;
  teams: Map<string, EmulatedTeam>;
  integrations: Map<string, EmulatedIntegration>;
  /** Outlook events per user id. */
  events: Map<string, Map<string, GraphObject>>;
  callbacks: CallbackRecord[];
}

export function createState(): EmulatorState {
  return { users: new Map(), teams: new Map(), integrations: new Map(), events: new Map(), callbacks: [] };
}

export function emptyCollections(): EmulatedSchedule['collections'] {
  const out = {} as EmulatedSchedule['collections'];
  for (const c of SCHEDULE_COLLECTIONS) out[c] = new Map();
  return out;
}

/** Deep copy so callers can never mutate stored state through a returned object. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
