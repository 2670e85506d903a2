/**
 * The WFM adapter contract: everything the connector needs from a workforce-management
 * system, the system of record. Every adapter (embedded reference WFM, HTTP) implements
 * `WfmAdapter`; the webhook, the sync engine, the tab and the calendar feeds use nothing else.
 *
 * Conventions:
 * - Ids are the WFM's own ids. Mapping to Shifts/Entra ids is the connector's job (mappings/).
 * - Instants are ISO 8601 strings in UTC with a `Z` suffix. Day and week rules are evaluated
 *   in the team's IANA time zone (`WfmTeam.timeZone`).
 * - Every mutable entity has a `version`: an opaque string that changes on every write and is
 *   used as the Shifts eTag (optimistic concurrency).
 * - Expected failures are returned as `Result`s carrying a typed `WfmError`; adapters throw
 *   only for programmer errors.
 */
import type { Result } from '../errors.ts';

export type Iso = string;

/** Where a change came from; changes Shifts made through the webhook are never pushed back. */
export type Origin = 'wfm' | 'shifts';

export interface WfmTeam {
  id: string;
  name: string;
  /** IANA time zone, e.g. `America/New_York`. */
  timeZone: string;
}

export type EmploymentType = 'full_time' | 'part_time' | 'seasonal';

export interface WfmEmployee {
  id: string;
  teamIds: string[];
  displayName: string;
  email: string | null;
  jobIds: string[];
  employmentType: EmploymentType;
  /** Local date `YYYY-MM-DD` the employee started (tenure rules). */
  hireDate: string;
}

/** A job or department; becomes a Shifts scheduling group. */
export interface WfmJob {
  id: string;
  teamId: string;
  name: string;
  /** Employees who can work this job. */
  employeeIds: string[];
}

export interface WfmTimeOffReason {
  id: string;
  name: string;
  /** Shifts icon name (`plane`, `firstAid`, `car`, `coffee`, `doctor`, ...). */
  iconType: string;
  paid: boolean;
  active: boolean;
}

export interface WfmActivity {
  start: Iso;
  end: Iso;
  code: string;
  displayName: string;
  isPaid: boolean;
}

export interface WfmShift {
  id: string;
  version: string;
  teamId: string;
  employeeId: string;
  jobId: string | null;
  start: Iso;
  end: Iso;
  label: string | null;
  notes: string | null;
  /** Shifts theme in Graph casing (`blue`, `green`, ...). */
  theme: string;
  /** Breaks and other activities inside the shift. */
  activities: WfmActivity[];
}

export interface WfmOpenShift {
  id: string;
  version: string;
  teamId: string;
  jobId: string | null;
  start: Iso;
  end: Iso;
  slots: number;
  label: string | null;
  notes: string | null;
  theme: string;
  activities: WfmActivity[];
}

export interface WfmTimeOff {
  id: string;
  version: string;
  teamId: string;
  employeeId: string;
  reasonId: string;
  start: Iso;
  end: Iso;
  notes: string | null;
}

export type RequestKind = 'timeOff' | 'swap' | 'offer' | 'openShift';
export type RequestState = 'pending' | 'approved' | 'declined' | 'cancelled';
/** Who has to act next, as in Shifts: the recipient of a swap/offer, a manager, or no one. */
export type RequestAssignee = 'recipient' | 'manager' | 'system';

export interface WfmRequest {
  id: string;
  version: string;
  teamId: string;
  kind: RequestKind;
  state: RequestState;
  assignedTo: RequestAssignee;
  senderEmployeeId: string;
  /** Swap and offer: the colleague asked. */
  recipientEmployeeId: string | null;
  /** Swap and offer: the sender's shift. */
  senderShiftId: string | null;
  /** Swap: the recipient's shift. */
  recipientShiftId: string | null;
  /** Open-shift request: the open shift asked for. */
  openShiftId: string | null;
  /** Time-off request. */
  reasonId: string | null;
  start: Iso | null;
  end: Iso | null;
  senderMessage: string | null;
  managerMessage: string | null;
  createdAt: Iso;
}

/** A time range `[start, end)` in UTC. */
export interface Window {
  start: Iso;
  end: Iso;
}

export type WfmEntityType = 'shift' | 'openShift' | 'timeOff' | 'request' | 'timeOffReason' | 'job' | 'employee';

export type WfmEntityOf = {
  shift: WfmShift;
  openShift: WfmOpenShift;
  timeOff: WfmTimeOff;
  request: WfmRequest;
  timeOffReason: WfmTimeOffReason;
  job: WfmJob;
  employee: WfmEmployee;
};

/** One entry of the change feed. */
export type WfmChange = {
  [K in WfmEntityType]: {
    entityType: K;
    id: string;
    teamId: string;
    op: 'created' | 'updated' | 'deleted';
    origin: Origin;
    /** State after the change; on `deleted`, the last state before it. */
    entity: WfmEntityOf[K];
    at: Iso;
  };
}[WfmEntityType];

export interface ChangeFeedPage {
  changes: WfmChange[];
  /** Pass back to `changesSince` to continue after the last change returned. */
  cursor: string;
  hasMore: boolean;
}

// ---------------------------------------------------------------------------------------------
// Commands: changes asked for by Shifts (through the webhook), in WFM terms.

/** What Shifts asks for; the WFM assigns `id`, `version` and `teamId`. */
export type ShiftInput = Omit<WfmShift, 'id' | 'version' | 'teamId'>;

/** What Shifts asks for; the WFM assigns `id`, `version` and `teamId`. */
export type OpenShiftInput = Omit<WfmOpenShift, 'id' | 'version' | 'teamId'>;

/** What Shifts asks for; the WFM assigns `id`, `version` and `teamId`. */
export type TimeOffInput = Omit<WfmTimeOff, 'id' | 'version' | 'teamId'>;

export interface RequestInput {
  kind: RequestKind;
  senderEmployeeId: string;
  recipientEmployeeId: string | null;
  senderShiftId: string | null;
  recipientShiftId: string | null;
  openShiftId: string | null;
  reasonId: string | null;
  start: Iso | null;
  end: Iso | null;
  senderMessage: string | null;
}

/**
 * A transition of a request: the recipient accepts/declines (swap, offer), a manager
 * approves/declines, or the sender cancels. Approving applies its effect in the WFM
 * (swap the shifts, give the shift away, assign the open shift, book the time off).
 */
export type RequestTransition = 'accept' | 'approve' | 'decline' | 'cancel';

/** `expectedVersion` (the Shifts eTag we gave out) makes a stale write a `Conflict`. */
export type WfmCommand =
  | { kind: 'shift.create'; data: ShiftInput }
  | { kind: 'shift.update'; id: string; expectedVersion?: string; data: ShiftInput }
  | { kind: 'shift.delete'; id: string; expectedVersion?: string }
  | { kind: 'openShift.create'; data: OpenShiftInput }
  | { kind: 'openShift.update'; id: string; expectedVersion?: string; data: OpenShiftInput }
  | { kind: 'openShift.delete'; id: string; expectedVersion?: string }
  | { kind: 'timeOff.create'; data: TimeOffInput }
  | { kind: 'timeOff.update'; id: string; expectedVersion?: string; data: TimeOffInput }
  | { kind: 'timeOff.delete'; id: string; expectedVersion?: string }
  | { kind: 'request.create'; data: RequestInput }
  | {
      kind: 'request.transition';
      id: string;
      expectedVersion?: string;
      transition: RequestTransition;
      message: string | null;
    };

/** Who asked for the change (from the Shifts user mapped to an employee, or a manager). */
export interface Actor {
  employeeId: string | null;
  role: 'manager' | 'worker' | 'system';
  /** Entra object id, for the audit. */
  userId: string | null;
}

/** What one applied command produced: the entity's WFM id and new version (the eTag). */
export interface CommandResult {
  entityType: 'shift' | 'openShift' | 'timeOff' | 'request';
  id: string;
  version: string;
  /** `deleted` for deletes, so callers can drop mappings. */
  op: 'created' | 'updated' | 'deleted';
}

// ---------------------------------------------------------------------------------------------
// Errors: typed, with stable codes and messages written for a frontline worker.

/** Stable rule codes. Adapters may add more; these are the ones the reference WFM enforces. */
export const RULE_CODES = [
  'OVERLAP',
  'MIN_REST',
  'MAX_WEEKLY_HOURS',
  'SHIFT_LENGTH',
  'LOCKED_PERIOD',
  'REASON_NOT_ELIGIBLE',
  'BALANCE_EXCEEDED',
  'SWAP_NOT_ELIGIBLE',
  'INVALID_TRANSITION',
  'INVALID_INPUT',
] as const;
export type RuleCode = (typeof RULE_CODES)[number] | (string & {});

/**
 * Stable codes of the errors that are not rule violations: conflicts (`STALE_VERSION`: the
 * eTag is old; `SHIFT_CHANGED`, `OPEN_SHIFT_FILLED`: a request can no longer be applied),
 * `NOT_FOUND`, `NOT_ALLOWED`, and the HTTP adapter's transport failures (kind `unavailable`).
 */
export const WFM_ERROR_CODES = [
  'STALE_VERSION',
  'SHIFT_CHANGED',
  'OPEN_SHIFT_FILLED',
  'NOT_FOUND',
  'NOT_ALLOWED',
  'WFM_UNAVAILABLE',
  'WFM_TIMEOUT',
  'WFM_RATE_LIMITED',
  'WFM_UNAUTHORIZED',
  'WFM_BAD_RESPONSE',
] as const;

interface WfmErrorBase {
  /** Stable machine code (a rule code, `STALE_VERSION`, `NOT_FOUND`, ...). */
  code: string;
  /** One sentence a frontline worker understands; Shifts shows it as is. */
  message: string;
  /** For multi-command changes: the index of the command that failed. */
  commandIndex?: number;
}
export interface RuleViolation extends WfmErrorBase {
  kind: 'rule_violation';
}
export interface Conflict extends WfmErrorBase {
  kind: 'conflict';
}
export interface NotFound extends WfmErrorBase {
  kind: 'not_found';
}
export interface NotAllowed extends WfmErrorBase {
  kind: 'not_allowed';
}
export interface Unavailable extends WfmErrorBase {
  kind: 'unavailable';
}
export type WfmError = RuleViolation | Conflict | NotFound | NotAllowed | Unavailable;

/** The HTTP item status the webhook answers Shifts with for each kind of WFM error. */
export const WFM_ERROR_STATUS: Record<WfmError['kind'], number> = {
  rule_violation: 400,
  conflict: 409,
  not_found: 404,
  not_allowed: 403,
  unavailable: 503,
};

export interface EligibleReasons {
  eligible: WfmTimeOffReason[];
  /** Reasons this employee may not use, with the rule that says so. */
  ineligible: Array<{ reason: WfmTimeOffReason; code: RuleCode; message: string }>;
}

/**
 * How one command batch travels to the WFM. `idempotencyKey`: the same key never applies twice,
 * and its outcome can be asked for later (`applyOutcome`). `notAfter` (ISO instant): the WFM
 * must not apply the batch after it (Shifts has been answered by then); it answers
 * `unavailable` / `DEADLINE_PASSED` instead, with nothing written.
 */
export interface CommandOptions {
  idempotencyKey?: string;
  notAfter?: string;
}

/** What became of the batch sent under an idempotency key. */
export type ApplyOutcome = { state: 'applied'; results: CommandResult[] } | { state: 'not_applied' };

/** Error code of a batch refused because its `notAfter` had passed. */
export const DEADLINE_PASSED = 'DEADLINE_PASSED';

// ---------------------------------------------------------------------------------------------

export interface WfmAdapter {
  /** `embedded` or `http`; shown on the status page. */
  readonly name: string;

  listTeams(): Promise<Result<WfmTeam[], WfmError>>;
  listEmployees(teamId: string): Promise<Result<WfmEmployee[], WfmError>>;
  listJobs(teamId: string): Promise<Result<WfmJob[], WfmError>>;
  listTimeOffReasons(teamId: string): Promise<Result<WfmTimeOffReason[], WfmError>>;
  /** Entities overlapping the window. */
  listShifts(teamId: string, window: Window): Promise<Result<WfmShift[], WfmError>>;
  listOpenShifts(teamId: string, window: Window): Promise<Result<WfmOpenShift[], WfmError>>;
  listTimesOff(teamId: string, window: Window): Promise<Result<WfmTimeOff[], WfmError>>;
  listRequests(teamId: string, window: Window): Promise<Result<WfmRequest[], WfmError>>;

  /** Changes after `cursor` (null: from the beginning), oldest first, at most `limit`. */
  changesSince(cursor: string | null, limit?: number): Promise<Result<ChangeFeedPage, WfmError>>;
  /**
   * Optional push: calls `listener` soon after any change is committed, so the sync engine
   * can run in near real time. Returns an unsubscribe function.
   */
  subscribe?(listener: () => void): () => void;

  /**
   * Applies changes from Shifts atomically: all commands succeed, or none is applied and the
   * error names the failing command. Business rules are checked on the resulting state.
   */
  apply(teamId: string, commands: WfmCommand[], actor: Actor, options?: CommandOptions): Promise<Result<CommandResult[], WfmError>>;
  /**
   * The outcome of the batch sent with `idempotencyKey`: `applied` with its results, or
   * `not_applied` (never received, refused, rolled back, or past its `notAfter`). A batch still
   * running is reported once it has finished.
   */
  applyOutcome(teamId: string, idempotencyKey: string): Promise<Result<ApplyOutcome, WfmError>>;

  eligibleTimeOffReasons(teamId: string, employeeId: string): Promise<Result<EligibleReasons, WfmError>>;
  /** Shifts of colleagues the holder of `shiftId` could swap with, starting inside `window`. */
  swappableShifts(teamId: string, shiftId: string, window: Window): Promise<Result<WfmShift[], WfmError>>;

  close?(): Promise<void>;
}
