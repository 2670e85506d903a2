/**
 * Rows and mappers for the embedded WFM's schedule: shifts, open shifts, time off, requests
 * and the change feed. Every write bumps the entity's version, the eTag Shifts holds.
 */
import type { Queryable } from '../../store/index.ts';
import type {
  Origin,
  WfmActivity,
  WfmChange,
  WfmEntityType,
  WfmOpenShift,
  WfmRequest,
  WfmShift,
  WfmTimeOff,
  Window,
} from '../contract.ts';

const isoOf = (d: Date | null): string | null => (d ? d.toISOString() : null);

interface ShiftRow {
  id: string;
  version: number;
  team_id: string;
  employee_id: string;
  job_id: string | null;
  start_at: Date;
  end_at: Date;
  label: string | null;
  notes: string | null;
  theme: string;
  activities: WfmActivity[];
}
const SHIFT_COLUMNS = 'id, version, team_id, employee_id, job_id, start_at, end_at, label, notes, theme, activities';

function toShift(r: ShiftRow): WfmShift {
  return {
    id: r.id,
    version: String(r.version),
    teamId: r.team_id,
    employeeId: r.employee_id,
    jobId: r.job_id,
    start: r.start_at.toISOString(),
    end: r.end_at.toISOString(),
    label: r.label,
    notes: r.notes,
    theme: r.theme,
    activities: r.activities,
  };
}

/** `FOR UPDATE` for a read-modify-write inside a WFM write transaction (concurrent writers wait). */
const lockClause = (forUpdate: boolean) => (forUpdate ? ' FOR UPDATE' : '');

export async function getShift(q: Queryable, id: string, forUpdate = false): Promise<WfmShift | undefined> {
  const rows = await q.query<ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM wfm_shifts WHERE id = $1${lockClause(forUpdate)}`, [id]);
  return rows[0] ? toShift(rows[0]) : undefined;
}

export async function listShiftsOfTeam(q: Queryable, teamId: string, w: Window): Promise<WfmShift[]> {
  const rows = await q.query<ShiftRow>(
    `SELECT ${SHIFT_COLUMNS} FROM wfm_shifts WHERE team_id = $1 AND start_at < $3 AND end_at > $2 ORDER BY start_at, id`,
    [teamId, w.start, w.end],
  );
  return rows.map(toShift);
}

/** Shifts of some employees overlapping `[from, to)`, in every team. */
export async function listShiftsOfEmployees(q: Queryable, employeeIds: string[], from: number, to: number): Promise<WfmShift[]> {
  const rows = await q.query<ShiftRow>(
    `SELECT ${SHIFT_COLUMNS} FROM wfm_shifts WHERE employee_id = ANY($1) AND start_at < $3 AND end_at > $2 ORDER BY start_at, id`,
    [employeeIds, new Date(from).toISOString(), new Date(to).toISOString()],
  );
  return rows.map(toShift);
}

/** Shifts by id (the batched write path reads every shift its updates name at once). */
export async function getShifts(q: Queryable, ids: readonly string[], forUpdate = false): Promise<WfmShift[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM wfm_shifts WHERE id = ANY($1::text[]) ORDER BY id${lockClause(forUpdate)}`, [[...ids]]);
  return rows.map(toShift);
}

/** What the schedule rules need of a stored shift (see `Span` in rules.ts). */
export interface ShiftSpanRow {
  id: string;
  employeeId: string;
  teamId: string;
  start: string;
  end: string;
  activities: WfmActivity[];
}

/**
 * The shifts of each employee overlapping that employee's own `[from, to)`, in every team,
 * with only what the schedule rules read. The rows come back as one JSON value: on PGlite
 * every row of a result costs more to hand over than to find, and a week of shifts for a
 * batch's people is dozens of rows.
 */
export async function listShiftSpansInWindows(
  q: Queryable,
  windows: ReadonlyArray<{ employeeId: string; from: number; to: number }>,
): Promise<ShiftSpanRow[]> {
  if (windows.length === 0) return [];
  // One range for everyone (an index scan per employee), then each employee's own window
  // here: joining the windows as a set planned a scan of the whole table.
  const from = Math.min(...windows.map((w) => w.from));
  const to = Math.max(...windows.map((w) => w.to));
  const own = new Map(windows.map((w) => [w.employeeId, w]));
  const [row] = await q.query<{ spans: Array<[string, string, string, string, string, WfmActivity[]]> }>(
    `SELECT coalesce(json_agg(json_build_array(id, employee_id, team_id, start_at, end_at, activities)), '[]'::json) AS spans
       FROM wfm_shifts WHERE employee_id = ANY($1) AND start_at < $3 AND end_at > $2`,
    [[...own.keys()], new Date(from).toISOString(), new Date(to).toISOString()],
  );
  const out: ShiftSpanRow[] = [];
  for (const [id, employeeId, teamId, start, end, activities] of row?.spans ?? []) {
    const w = own.get(employeeId)!;
    if (Date.parse(start) < w.to && Date.parse(end) > w.from) out.push({ id, employeeId, teamId, start, end, activities });
  }
  return out;
}

/** A shift as a `SHIFT_RECORDS` row (the batched writes send rows as one JSON value). */
function shiftRecord(s: WfmShift) {
  return {
    id: s.id,
    version: Number(s.version),
    team_id: s.teamId,
    employee_id: s.employeeId,
    job_id: s.jobId,
    start_at: s.start,
    end_at: s.end,
    label: s.label,
    notes: s.notes,
    theme: s.theme,
    activities: s.activities,
  };
}

/** The rows of `shiftRecord`s passed as JSON in parameter `$n`, as a table `v`. */
const SHIFT_RECORDS = (n: number) => `json_to_recordset($${n}::json) AS v(id text, version int, team_id text, employee_id text, job_id text,
       start_at timestamptz, end_at timestamptz, label text, notes text, theme text, activities jsonb)`;

/**
 * Replaces several stored shifts in one statement. A plain UPDATE: an upsert's speculative
 * insertion costs more, and the caller knows these rows exist. The ids are also passed on
 * their own, which gives the planner an index scan on the primary key.
 */
async function updateShifts(q: Queryable, shifts: readonly WfmShift[]): Promise<void> {
  await q.query(
    `UPDATE wfm_shifts s SET version = v.version, team_id = v.team_id, employee_id = v.employee_id, job_id = v.job_id,
            start_at = v.start_at, end_at = v.end_at, label = v.label, notes = v.notes, theme = v.theme, activities = v.activities
       FROM ${SHIFT_RECORDS(1)}
      WHERE s.id = ANY($2::text[]) AND s.id = v.id`,
    [JSON.stringify(shifts.map(shiftRecord)), shifts.map((x) => x.id)],
  );
}

/** Writes a shift (insert or replace) with the given version. */
export async function saveShift(q: Queryable, s: WfmShift): Promise<void> {
  await q.query(
    `INSERT INTO wfm_shifts (${SHIFT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
     ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, team_id = EXCLUDED.team_id,
       employee_id = EXCLUDED.employee_id, job_id = EXCLUDED.job_id, start_at = EXCLUDED.start_at,
       end_at = EXCLUDED.end_at, label = EXCLUDED.label, notes = EXCLUDED.notes, theme = EXCLUDED.theme,
       activities = EXCLUDED.activities`,
    [s.id, Number(s.version), s.teamId, s.employeeId, s.jobId, s.start, s.end, s.label, s.notes, s.theme, JSON.stringify(s.activities)],
  );
}

export async function deleteShiftRow(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM wfm_shifts WHERE id = $1', [id]);
}

interface OpenShiftRow {
  id: string;
  version: number;
  team_id: string;
  job_id: string | null;
  start_at: Date;
  end_at: Date;
  slots: number;
  label: string | null;
  notes: string | null;
  theme: string;
  activities: WfmActivity[];
}
const OPEN_COLUMNS = 'id, version, team_id, job_id, start_at, end_at, slots, label, notes, theme, activities';

function toOpenShift(r: OpenShiftRow): WfmOpenShift {
  return {
    id: r.id,
    version: String(r.version),
    teamId: r.team_id,
    jobId: r.job_id,
    start: r.start_at.toISOString(),
    end: r.end_at.toISOString(),
    slots: r.slots,
    label: r.label,
    notes: r.notes,
    theme: r.theme,
    activities: r.activities,
  };
}

export async function getOpenShift(q: Queryable, id: string, forUpdate = false): Promise<WfmOpenShift | undefined> {
  const rows = await q.query<OpenShiftRow>(`SELECT ${OPEN_COLUMNS} FROM wfm_open_shifts WHERE id = $1${lockClause(forUpdate)}`, [id]);
  return rows[0] ? toOpenShift(rows[0]) : undefined;
}

export async function listOpenShiftsOfTeam(q: Queryable, teamId: string, w: Window): Promise<WfmOpenShift[]> {
  const rows = await q.query<OpenShiftRow>(
    `SELECT ${OPEN_COLUMNS} FROM wfm_open_shifts WHERE team_id = $1 AND start_at < $3 AND end_at > $2 ORDER BY start_at, id`,
    [teamId, w.start, w.end],
  );
  return rows.map(toOpenShift);
}

export async function saveOpenShift(q: Queryable, s: WfmOpenShift): Promise<void> {
  await q.query(
    `INSERT INTO wfm_open_shifts (${OPEN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
     ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, team_id = EXCLUDED.team_id, job_id = EXCLUDED.job_id,
       start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, slots = EXCLUDED.slots, label = EXCLUDED.label,
       notes = EXCLUDED.notes, theme = EXCLUDED.theme, activities = EXCLUDED.activities`,
    [s.id, Number(s.version), s.teamId, s.jobId, s.start, s.end, s.slots, s.label, s.notes, s.theme, JSON.stringify(s.activities)],
  );
}

export async function deleteOpenShiftRow(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM wfm_open_shifts WHERE id = $1', [id]);
}

interface TimeOffRow {
  id: string;
  version: number;
  team_id: string;
  employee_id: string;
  reason_id: string;
  start_at: Date;
  end_at: Date;
  notes: string | null;
}
const TIME_OFF_COLUMNS = 'id, version, team_id, employee_id, reason_id, start_at, end_at, notes';

function toTimeOff(r: TimeOffRow): WfmTimeOff {
  return {
    id: r.id,
    version: String(r.version),
    teamId: r.team_id,
    employeeId: r.employee_id,
    reasonId: r.reason_id,
    start: r.start_at.toISOString(),
    end: r.end_at.toISOString(),
    notes: r.notes,
  };
}

export async function getTimeOff(q: Queryable, id: string, forUpdate = false): Promise<WfmTimeOff | undefined> {
  const rows = await q.query<TimeOffRow>(`SELECT ${TIME_OFF_COLUMNS} FROM wfm_times_off WHERE id = $1${lockClause(forUpdate)}`, [id]);
  return rows[0] ? toTimeOff(rows[0]) : undefined;
}

export async function listTimesOffOfTeam(q: Queryable, teamId: string, w: Window): Promise<WfmTimeOff[]> {
  const rows = await q.query<TimeOffRow>(
    `SELECT ${TIME_OFF_COLUMNS} FROM wfm_times_off WHERE team_id = $1 AND start_at < $3 AND end_at > $2 ORDER BY start_at, id`,
    [teamId, w.start, w.end],
  );
  return rows.map(toTimeOff);
}

/** Time off of one employee with one reason overlapping `[from, to)` (balance checks). */
export async function listTimesOffOfEmployee(q: Queryable, employeeId: string, reasonId: string, from: number, to: number): Promise<WfmTimeOff[]> {
  const rows = await q.query<TimeOffRow>(
    `SELECT ${TIME_OFF_COLUMNS} FROM wfm_times_off
      WHERE employee_id = $1 AND reason_id = $2 AND start_at < $4 AND end_at > $3 ORDER BY start_at`,
    [employeeId, reasonId, new Date(from).toISOString(), new Date(to).toISOString()],
  );
  return rows.map(toTimeOff);
}

export async function saveTimeOff(q: Queryable, t: WfmTimeOff): Promise<void> {
  await q.query(
    `INSERT INTO wfm_times_off (${TIME_OFF_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, team_id = EXCLUDED.team_id,
       employee_id = EXCLUDED.employee_id, reason_id = EXCLUDED.reason_id, start_at = EXCLUDED.start_at,
       end_at = EXCLUDED.end_at, notes = EXCLUDED.notes`,
    [t.id, Number(t.version), t.teamId, t.employeeId, t.reasonId, t.start, t.end, t.notes],
  );
}

export async function deleteTimeOffRow(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM wfm_times_off WHERE id = $1', [id]);
}

interface RequestRow {
  id: string;
  version: number;
  team_id: string;
  kind: WfmRequest['kind'];
  state: WfmRequest['state'];
  assigned_to: WfmRequest['assignedTo'];
  sender_employee_id: string;
  recipient_employee_id: string | null;
  sender_shift_id: string | null;
  recipient_shift_id: string | null;
  open_shift_id: string | null;
  reason_id: string | null;
  start_at: Date | null;
  end_at: Date | null;
  sender_message: string | null;
  manager_message: string | null;
  created_at: Date;
}
const REQUEST_COLUMNS =
  'id, version, team_id, kind, state, assigned_to, sender_employee_id, recipient_employee_id, sender_shift_id, ' +
  'recipient_shift_id, open_shift_id, reason_id, start_at, end_at, sender_message, manager_message, created_at';

function toRequest(r: RequestRow): WfmRequest {
  return {
    id: r.id,
    version: String(r.version),
    teamId: r.team_id,
    kind: r.kind,
    state: r.state,
    assignedTo: r.assigned_to,
    senderEmployeeId: r.sender_employee_id,
    recipientEmployeeId: r.recipient_employee_id,
    senderShiftId: r.sender_shift_id,
    recipientShiftId: r.recipient_shift_id,
    openShiftId: r.open_shift_id,
    reasonId: r.reason_id,
    start: isoOf(r.start_at),
    end: isoOf(r.end_at),
    senderMessage: r.sender_message,
    managerMessage: r.manager_message,
    createdAt: r.created_at.toISOString(),
  };
}

export async function getRequest(q: Queryable, id: string, forUpdate = false): Promise<WfmRequest | undefined> {
  const rows = await q.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM wfm_requests WHERE id = $1${lockClause(forUpdate)}`, [id]);
  return rows[0] ? toRequest(rows[0]) : undefined;
}

/**
 * Requests of a team relevant to a window: those whose period (time off, or the shifts they
 * are about) overlaps it, plus every pending one, so nothing waiting for an answer is missed.
 */
export async function listRequestsOfTeam(q: Queryable, teamId: string, w: Window): Promise<WfmRequest[]> {
  const rows = await q.query<RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM wfm_requests r
      WHERE r.team_id = $1 AND (
        r.state = 'pending'
        OR (r.start_at < $3 AND r.end_at > $2)
        OR (r.start_at IS NULL AND r.created_at < $3 AND r.created_at >= ($2::timestamptz - interval '31 days'))
      )
      ORDER BY r.created_at, r.id`,
    [teamId, w.start, w.end],
  );
  return rows.map(toRequest);
}

/** Pending requests that mention a shift (they go stale when it changes hands). */
export async function listPendingRequestsForShift(q: Queryable, shiftId: string): Promise<WfmRequest[]> {
  const rows = await q.query<RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM wfm_requests
      WHERE state = 'pending' AND (sender_shift_id = $1 OR recipient_shift_id = $1) ORDER BY created_at FOR UPDATE`,
    [shiftId],
  );
  return rows.map(toRequest);
}

export async function saveRequest(q: Queryable, r: WfmRequest): Promise<void> {
  await q.query(
    `INSERT INTO wfm_requests (${REQUEST_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state,
       assigned_to = EXCLUDED.assigned_to, manager_message = EXCLUDED.manager_message,
       start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at`,
    [
      r.id,
      Number(r.version),
      r.teamId,
      r.kind,
      r.state,
      r.assignedTo,
      r.senderEmployeeId,
      r.recipientEmployeeId,
      r.senderShiftId,
      r.recipientShiftId,
      r.openShiftId,
      r.reasonId,
      r.start,
      r.end,
      r.senderMessage,
      r.managerMessage,
      r.createdAt,
    ],
  );
}

// ---------------------------------------------------------------------------------------------
// Change feed

/** Appends one change; `at` is the commit-time clock of the writer. */
export async function recordChange(q: Queryable, c: WfmChange): Promise<void> {
  await q.query(
    `INSERT INTO wfm_changes (entity_type, entity_id, team_id, op, origin, entity, at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [c.entityType, c.id, c.teamId, c.op, c.origin, JSON.stringify(c.entity), c.at],
  );
}

/** A change as a `CHANGE_RECORDS` row. */
function changeRecord(c: WfmChange) {
  return { entity_type: c.entityType, entity_id: c.id, team_id: c.teamId, op: c.op, origin: c.origin, entity: c.entity, at: c.at };
}

/** Appends the `changeRecord`s passed as JSON in parameter `$n`, in their order (sequence numbers follow it). */
const INSERT_CHANGE_RECORDS = (n: number) => `INSERT INTO wfm_changes (entity_type, entity_id, team_id, op, origin, entity, at)
     SELECT c.entity_type, c.entity_id, c.team_id, c.op, c.origin, c.entity, c.at
       FROM ROWS FROM (json_to_recordset($${n}::json) AS (entity_type text, entity_id text, team_id text, op text, origin text, entity jsonb, at timestamptz))
            WITH ORDINALITY AS c(entity_type, entity_id, team_id, op, origin, entity, at, n)
      ORDER BY c.n`;

/**
 * Appends several changes in one statement, in the given order (sequence numbers follow it).
 * The write path calls this last, under the feed lock, so sequence order is commit order.
 */
export async function insertChanges(q: Queryable, changes: readonly WfmChange[]): Promise<void> {
  if (changes.length === 0) return;
  if (changes.length === 1) return recordChange(q, changes[0]!);
  await q.query(INSERT_CHANGE_RECORDS(1), [JSON.stringify(changes.map(changeRecord))]);
}

/**
 * The batched write path's whole write: new shifts inserted, edited ones replaced, and the
 * change feed appended in the given order, in one statement when nothing is edited (the
 * commonest batch, creations only) and two otherwise. Rows travel as JSON, one value per
 * table: an array per column cost more to write and to read, and a JSON entity inside a text
 * array is escaped twice. Like `insertChanges`, call it under the feed lock on a server.
 */
export async function saveShiftsWithChanges(
  q: Queryable,
  shifts: readonly WfmShift[],
  created: ReadonlySet<string>,
  changes: readonly WfmChange[],
): Promise<void> {
  const edited = shifts.filter((s) => !created.has(s.id));
  if (edited.length > 0) await updateShifts(q, edited);
  const fresh = shifts.filter((s) => created.has(s.id));
  if (fresh.length === 0 && changes.length === 0) return;
  await q.query(
    `WITH inserted AS (
       INSERT INTO wfm_shifts (${SHIFT_COLUMNS})
       SELECT v.id, v.version, v.team_id, v.employee_id, v.job_id, v.start_at, v.end_at, v.label, v.notes, v.theme, v.activities
         FROM ${SHIFT_RECORDS(1)}
     )
     ${INSERT_CHANGE_RECORDS(2)}`,
    [JSON.stringify(fresh.map(shiftRecord)), JSON.stringify(changes.map(changeRecord))],
  );
}

interface ChangeRow {
  seq: number;
  entity_type: WfmEntityType;
  entity_id: string;
  team_id: string;
  op: WfmChange['op'];
  origin: Origin;
  entity: unknown;
  at: Date;
}

/** Changes after `afterSeq`, oldest first. */
export async function readChanges(q: Queryable, afterSeq: number, limit: number): Promise<Array<{ seq: number; change: WfmChange }>> {
  const rows = await q.query<ChangeRow>(
    'SELECT seq, entity_type, entity_id, team_id, op, origin, entity, at FROM wfm_changes WHERE seq > $1 ORDER BY seq LIMIT $2',
    [afterSeq, limit],
  );
  return rows.map((r) => ({
    seq: r.seq,
    // The entity was written from the contract type by `recordChange`, so the pairing holds.
    change: {
      entityType: r.entity_type,
      id: r.entity_id,
      teamId: r.team_id,
      op: r.op,
      origin: r.origin,
      entity: r.entity,
      at: r.at.toISOString(),
    } as WfmChange,
  }));
}

export async function latestSeq(q: Queryable): Promise<number> {
  const rows = await q.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM wfm_changes');
  return rows[0]?.seq ?? 0;
}
