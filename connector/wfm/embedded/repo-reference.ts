/**
 * Rows and mappers for the embedded WFM's reference data: teams, employees, jobs and
 * time-off reasons. Row types stay here; callers get contract types.
 */
import type { Queryable } from '../../store/index.ts';
import type { EmploymentType, WfmEmployee, WfmJob, WfmTeam, WfmTimeOffReason } from '../contract.ts';
import { effectiveRules, reasonEligibilitySchema, type ReasonEligibility, type RuleConfig, type RuleOverrides } from './rules-config.ts';

interface TeamRow {
  id: string;
  name: string;
  time_zone: string;
  rules: unknown;
}

/** A team with its effective rules and stored overrides. */
export interface TeamRecord {
  team: WfmTeam;
  rules: RuleConfig;
  overrides: RuleOverrides;
}

function toTeamRecord(r: TeamRow): TeamRecord {
  return {
    team: { id: r.id, name: r.name, timeZone: r.time_zone },
    rules: effectiveRules(r.rules),
    overrides: (r.rules ?? {}) as RuleOverrides,
  };
}

/**
 * Moved by every write to teams, employees and jobs (committed or not; see `writeReference`):
 * a `ReferenceCache` filled before the latest move is dropped. Every such write goes through
 * this module.
 */
let referenceGeneration = 0;

/**
 * Sends a write to teams, employees or jobs. The generation moves before it (a batch that
 * reads while the write waits for the store caches nothing that outlives it) and after it (a
 * batch that read before the write landed does not keep what it read).
 */
async function writeReference(q: Queryable, sql: string, params: readonly unknown[]): Promise<void> {
  referenceGeneration++;
  try {
    await q.query(sql, params);
  } finally {
    referenceGeneration++;
  }
}

export async function listTeamRecords(q: Queryable): Promise<TeamRecord[]> {
  return (await q.query<TeamRow>('SELECT id, name, time_zone, rules FROM wfm_teams ORDER BY id')).map(toTeamRecord);
}

export async function getTeamRecord(q: Queryable, id: string): Promise<TeamRecord | undefined> {
  const rows = await q.query<TeamRow>('SELECT id, name, time_zone, rules FROM wfm_teams WHERE id = $1', [id]);
  return rows[0] ? toTeamRecord(rows[0]) : undefined;
}

export async function insertTeam(q: Queryable, t: WfmTeam, rules: RuleOverrides = {}): Promise<void> {
  await writeReference(q, 'INSERT INTO wfm_teams (id, name, time_zone, rules) VALUES ($1, $2, $3, $4::jsonb)', [
    t.id,
    t.name,
    t.timeZone,
    JSON.stringify(rules),
  ]);
}

export async function setTeamRules(q: Queryable, id: string, overrides: RuleOverrides): Promise<void> {
  await writeReference(q, 'UPDATE wfm_teams SET rules = $2::jsonb WHERE id = $1', [id, JSON.stringify(overrides)]);
}

interface EmployeeRow {
  id: string;
  team_ids: string[];
  display_name: string;
  email: string | null;
  job_ids: string[];
  employment_type: EmploymentType;
  hire_date: string;
}

const EMPLOYEE_COLUMNS = 'id, team_ids, display_name, email, job_ids, employment_type, hire_date';

function toEmployee(r: EmployeeRow): WfmEmployee {
  return {
    id: r.id,
    teamIds: [...r.team_ids],
    displayName: r.display_name,
    email: r.email,
    jobIds: [...r.job_ids],
    employmentType: r.employment_type,
    hireDate: r.hire_date,
  };
}

export async function listEmployeesOfTeam(q: Queryable, teamId: string): Promise<WfmEmployee[]> {
  const rows = await q.query<EmployeeRow>(
    `SELECT ${EMPLOYEE_COLUMNS} FROM wfm_employees WHERE $1 = ANY(team_ids) ORDER BY id`,
    [teamId],
  );
  return rows.map(toEmployee);
}

export async function getEmployee(q: Queryable, id: string): Promise<WfmEmployee | undefined> {
  const rows = await q.query<EmployeeRow>(`SELECT ${EMPLOYEE_COLUMNS} FROM wfm_employees WHERE id = $1`, [id]);
  return rows[0] ? toEmployee(rows[0]) : undefined;
}

export async function insertEmployee(q: Queryable, e: WfmEmployee): Promise<void> {
  await writeReference(q, `INSERT INTO wfm_employees (${EMPLOYEE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    e.id,
    e.teamIds,
    e.displayName,
    e.email,
    e.jobIds,
    e.employmentType,
    e.hireDate,
  ]);
}

export async function listJobsOfTeam(q: Queryable, teamId: string): Promise<WfmJob[]> {
  const rows = await q.query<{ id: string; team_id: string; name: string; employee_ids: string[] | null }>(
    `SELECT j.id, j.team_id, j.name,
            ARRAY(SELECT e.id FROM wfm_employees e WHERE j.id = ANY(e.job_ids) ORDER BY e.id) AS employee_ids
       FROM wfm_jobs j WHERE j.team_id = $1 ORDER BY j.id`,
    [teamId],
  );
  return rows.map((r) => ({ id: r.id, teamId: r.team_id, name: r.name, employeeIds: r.employee_ids ?? [] }));
}

export async function getJob(q: Queryable, id: string): Promise<{ id: string; teamId: string; name: string } | undefined> {
  const rows = await q.query<{ id: string; team_id: string; name: string }>('SELECT id, team_id, name FROM wfm_jobs WHERE id = $1', [id]);
  return rows[0] ? { id: rows[0].id, teamId: rows[0].team_id, name: rows[0].name } : undefined;
}

export async function insertJob(q: Queryable, j: { id: string; teamId: string; name: string }): Promise<void> {
  await writeReference(q, 'INSERT INTO wfm_jobs (id, team_id, name) VALUES ($1, $2, $3)', [j.id, j.teamId, j.name]);
}

interface ReasonRow {
  id: string;
  name: string;
  icon_type: string;
  paid: boolean;
  active: boolean;
  eligibility: unknown;
}

/** A reason with the eligibility rules only the embedded WFM knows. */
export interface ReasonRecord {
  reason: WfmTimeOffReason;
  eligibility: ReasonEligibility;
}

function toReasonRecord(r: ReasonRow): ReasonRecord {
  return {
    reason: { id: r.id, name: r.name, iconType: r.icon_type, paid: r.paid, active: r.active },
    eligibility: reasonEligibilitySchema.parse(r.eligibility),
  };
}

export async function listReasonRecords(q: Queryable): Promise<ReasonRecord[]> {
  const rows = await q.query<ReasonRow>('SELECT id, name, icon_type, paid, active, eligibility FROM wfm_reasons ORDER BY id');
  return rows.map(toReasonRecord);
}

export async function getReasonRecord(q: Queryable, id: string): Promise<ReasonRecord | undefined> {
  const rows = await q.query<ReasonRow>('SELECT id, name, icon_type, paid, active, eligibility FROM wfm_reasons WHERE id = $1', [id]);
  return rows[0] ? toReasonRecord(rows[0]) : undefined;
}

export async function upsertReason(q: Queryable, r: ReasonRecord): Promise<void> {
  await q.query(
    `INSERT INTO wfm_reasons (id, name, icon_type, paid, active, eligibility) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, icon_type = EXCLUDED.icon_type, paid = EXCLUDED.paid,
       active = EXCLUDED.active, eligibility = EXCLUDED.eligibility`,
    [r.reason.id, r.reason.name, r.reason.iconType, r.reason.paid, r.reason.active, JSON.stringify(r.eligibility)],
  );
}

/** What a write batch needs of the reference data, read in one statement at its start. */
export interface ApplyReference {
  team: TeamRecord | undefined;
  employees: WfmEmployee[];
  jobs: Array<{ id: string; teamId: string; name: string }>;
}

/** The team plus the named employees and jobs (missing ones are simply absent). */
export async function loadApplyReference(q: Queryable, teamId: string, employeeIds: readonly string[], jobIds: readonly string[]): Promise<ApplyReference> {
  const rows = await q.query<{ team: TeamRow | null; employees: EmployeeRow[]; jobs: Array<{ id: string; team_id: string; name: string }> }>(
    `SELECT
       (SELECT row_to_json(t) FROM (SELECT id, name, time_zone, rules FROM wfm_teams WHERE id = $1) AS t) AS team,
       (SELECT coalesce(json_agg(e), '[]'::json) FROM (SELECT ${EMPLOYEE_COLUMNS} FROM wfm_employees WHERE id = ANY($2::text[])) AS e) AS employees,
       (SELECT coalesce(json_agg(j), '[]'::json) FROM (SELECT id, team_id, name FROM wfm_jobs WHERE id = ANY($3::text[])) AS j) AS jobs`,
    [teamId, [...employeeIds], [...jobIds]],
  );
  const r = rows[0];
  return {
    team: r?.team ? toTeamRecord(r.team) : undefined,
    employees: (r?.employees ?? []).map(toEmployee),
    jobs: (r?.jobs ?? []).map((j) => ({ id: j.id, teamId: j.team_id, name: j.name })),
  };
}

/**
 * The teams, employees and jobs a batch of several requests names, in one round trip (the
 * batched write path's counterpart of `loadApplyReference`).
 */
export async function loadBatchReference(
  q: Queryable,
  teamIds: readonly string[],
  employeeIds: readonly string[],
  jobIds: readonly string[],
): Promise<{ teams: TeamRecord[]; employees: WfmEmployee[]; jobs: Array<{ id: string; teamId: string; name: string }> }> {
  const rows = await q.query<{ teams: TeamRow[]; employees: EmployeeRow[]; jobs: Array<{ id: string; team_id: string; name: string }> }>(
    `SELECT
       (SELECT coalesce(json_agg(t), '[]'::json) FROM (SELECT id, name, time_zone, rules FROM wfm_teams WHERE id = ANY($1::text[])) AS t) AS teams,
       (SELECT coalesce(json_agg(e), '[]'::json) FROM (SELECT ${EMPLOYEE_COLUMNS} FROM wfm_employees WHERE id = ANY($2::text[])) AS e) AS employees,
       (SELECT coalesce(json_agg(j), '[]'::json) FROM (SELECT id, team_id, name FROM wfm_jobs WHERE id = ANY($3::text[])) AS j) AS jobs`,
    [[...teamIds], [...employeeIds], [...jobIds]],
  );
  const r = rows[0];
  return {
    teams: (r?.teams ?? []).map(toTeamRecord),
    employees: (r?.employees ?? []).map(toEmployee),
    jobs: (r?.jobs ?? []).map((j) => ({ id: j.id, teamId: j.team_id, name: j.name })),
  };
}

type BatchReference = Awaited<ReturnType<typeof loadBatchReference>>;

/**
 * The batch path's teams, employees and jobs kept between batches, for a store only this
 * process writes (the embedded PGlite store): reference data changes rarely, and reading it
 * was one of the few statements every batch paid for. Anything written to those tables since
 * an entry was read (see `referenceGeneration`) empties the cache; ids it lacks are read.
 */
export class ReferenceCache {
  private generation = -1;
  private readonly teams = new Map<string, TeamRecord>();
  private readonly employees = new Map<string, WfmEmployee>();
  private readonly jobs = new Map<string, { id: string; teamId: string; name: string }>();

  async load(q: Queryable, teamIds: readonly string[], employeeIds: readonly string[], jobIds: readonly string[]): Promise<BatchReference> {
    if (this.generation !== referenceGeneration) {
      this.teams.clear();
      this.employees.clear();
      this.jobs.clear();
      this.generation = referenceGeneration;
    }
    const missing = <T>(ids: readonly string[], known: Map<string, T>) => ids.filter((id) => !known.has(id));
    const teams = missing(teamIds, this.teams);
    const employees = missing(employeeIds, this.employees);
    const jobs = missing(jobIds, this.jobs);
    if (teams.length + employees.length + jobs.length > 0) {
      const seen = referenceGeneration;
      const read = await loadBatchReference(q, teams, employees, jobs);
      // A write while reading (only possible on a server, which does not use this) voids it.
      if (seen === referenceGeneration) {
        for (const t of read.teams) this.teams.set(t.team.id, t);
        for (const e of read.employees) this.employees.set(e.id, e);
        for (const j of read.jobs) this.jobs.set(j.id, j);
      } else return loadBatchReference(q, teamIds, employeeIds, jobIds);
    }
    const pick = <T>(ids: readonly string[], known: Map<string, T>) => ids.flatMap((id) => (known.has(id) ? [known.get(id)!] : []));
    return { teams: pick(teamIds, this.teams), employees: pick(employeeIds, this.employees), jobs: pick(jobIds, this.jobs) };
  }
}
