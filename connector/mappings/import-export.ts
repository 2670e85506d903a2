/**
 * CSV import and export of team and user mappings. An import is all or nothing across both
 * files: every row of each file is validated (field count, GUIDs, UPNs, booleans, IANA zones,
 * WFM teams and employees that exist, duplicates inside the file, clashes with mappings already
 * stored) before anything is written, every problem is reported as file:line, and both files
 * land in one transaction or not at all.
 */
import { err, ok, type Result } from '../errors.ts';
import type { Queryable, Store } from '../store/index.ts';
import type { WfmAdapter } from '../wfm/contract.ts';
import { CsvSyntaxError, parseCsvRecords, toCsv } from './csv.ts';
import { formatSyncModes, parseSyncModes } from './modes.ts';
import { teamMappingSchema, userMappingSchema, type TeamMapping, type UserMapping } from './schemas.ts';
import { listTeamMappings, upsertTeamMapping } from './teams.ts';
import { listUserMappings, upsertUserMapping } from './users.ts';

export const TEAM_CSV_COLUMNS = ['teamId', 'wfmTeamId', 'timeZone', 'ownerUserId', 'managerUserIds', 'enabled', 'syncModes'] as const;
export const USER_CSV_COLUMNS = ['userId', 'wfmEmployeeId', 'displayName', 'upn'] as const;

/** One problem of a CSV file; `line` is 1-based as a spreadsheet shows it (0: the file as a whole). */
export interface CsvProblem {
  line: number;
  message: string;
}

/** A problem of one of the files of an import. */
export interface MappingFileProblem extends CsvProblem {
  file: string;
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
}

/** Team mappings as CSV; manager ids are separated by `;`. */
export async function exportTeamMappingsCsv(q: Queryable): Promise<string> {
  const rows = (await listTeamMappings(q)).map((m) => [
    m.teamId,
    m.wfmTeamId,
    m.timeZone,
    m.ownerUserId ?? '',
    m.managerUserIds.join(';'),
    m.enabled ? 'true' : 'false',
    formatSyncModes(m.syncModes),
  ]);
  return toCsv([[...TEAM_CSV_COLUMNS], ...rows]);
}

export async function exportUserMappingsCsv(q: Queryable): Promise<string> {
  const rows = (await listUserMappings(q)).map((m) => [m.userId, m.wfmEmployeeId, m.displayName ?? '', m.upn ?? '']);
  return toCsv([[...USER_CSV_COLUMNS], ...rows]);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A user principal name: local part and a domain with at least one dot, no spaces.
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Rows = Array<{ line: number; v: Record<string, string> }>;

/** Rows as objects keyed by the header; a ragged row is a problem of its own and hides nothing else. */
function records(text: string, columns: readonly string[], required: readonly string[]): { rows: Rows; problems: CsvProblem[] } {
  let recs;
  try {
    recs = parseCsvRecords(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { rows: [], problems: [{ line: 0, message: e.message }] };
    throw e;
  }
  const first = recs[0];
  const header = first?.fields.map((h) => h.trim());
  if (!first || !header) return { rows: [], problems: [{ line: 1, message: `the file is empty; expected a header: ${columns.join(',')}` }] };
  const unknown = header.filter((h) => !columns.includes(h));
  const missing = required.filter((c) => !header.includes(c));
  if (unknown.length || missing.length) {
    const parts = [missing.length ? `missing ${missing.join(', ')}` : '', unknown.length ? `unknown ${unknown.join(', ')}` : ''].filter(Boolean);
    return { rows: [], problems: [{ line: first.line, message: `header: ${parts.join('; ')} (expected ${columns.join(',')})` }] };
  }
  const problems: CsvProblem[] = [];
  const rows: Rows = [];
  for (const { line, fields } of recs.slice(1)) {
    if (fields.length !== header.length) {
      problems.push({ line, message: `has ${fields.length} fields, the header has ${header.length}` });
      continue;
    }
    rows.push({ line, v: Object.fromEntries(header.map((h, j) => [h, fields[j]!.trim()])) });
  }
  return { rows, problems };
}

function issues(e: { issues: Array<{ path: (string | number)[]; message: string }> }): string[] {
  return e.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`);
}

function duplicates<T>(items: Array<{ line: number; m: T }>, key: (m: T) => string, what: string): CsvProblem[] {
  const seen = new Map<string, number>();
  const problems: CsvProblem[] = [];
  for (const { line, m } of items) {
    const k = key(m);
    const first = seen.get(k);
    if (first !== undefined) problems.push({ line, message: `duplicate ${what} ${k} (first on line ${first})` });
    else seen.set(k, line);
  }
  return problems;
}

const byLine = (a: CsvProblem, b: CsvProblem) => a.line - b.line;

/** What the WFM has, to check that mapped teams and employees exist. */
export interface WfmDirectory {
  teamIds: ReadonlySet<string>;
  employeeIds: ReadonlySet<string>;
}

/** Parses and validates a team-mapping CSV without touching the store; `wfm` adds the existence checks. */
export function parseTeamMappingsCsv(text: string, wfm?: WfmDirectory): Result<Array<{ line: number; m: TeamMapping }>, CsvProblem[]> {
  const { rows, problems } = records(text, TEAM_CSV_COLUMNS, ['teamId', 'wfmTeamId', 'timeZone']);
  const items: Array<{ line: number; m: TeamMapping }> = [];
  for (const { line, v } of rows) {
    const rowProblems: string[] = [];
    const enabled = (v.enabled ?? '').toLowerCase();
    if (enabled !== '' && enabled !== 'true' && enabled !== 'false') rowProblems.push(`enabled: use true or false, not "${v.enabled}"`);
    if (v.teamId && !GUID.test(v.teamId)) rowProblems.push(`teamId: must be the Teams team (group) id, a GUID, not "${v.teamId}"`);
    if (v.ownerUserId && !GUID.test(v.ownerUserId)) rowProblems.push(`ownerUserId: must be an Entra object id (a GUID), not "${v.ownerUserId}"`);
    const managers = (v.managerUserIds ?? '').split(';').map((x) => x.trim()).filter(Boolean);
    for (const id of managers.filter((x) => !GUID.test(x))) rowProblems.push(`managerUserIds: "${id}" is not an Entra object id (a GUID)`);
    if (wfm && v.wfmTeamId && !wfm.teamIds.has(v.wfmTeamId)) rowProblems.push(`wfmTeamId: the WFM has no team "${v.wfmTeamId}"`);
    // Optional column (`kind=mode;kind=mode`): empty puts every kind on SYNC_MODE; a file
    // without the column leaves the stored modes as they are.
    const modes = parseSyncModes(v.syncModes ?? '');
    if (!modes.ok) rowProblems.push(`syncModes: ${modes.message}`);
    const parsed = teamMappingSchema.safeParse({
      teamId: v.teamId,
      wfmTeamId: v.wfmTeamId,
      timeZone: v.timeZone,
      ownerUserId: v.ownerUserId ? v.ownerUserId : null,
      managerUserIds: managers,
      enabled: enabled !== 'false',
      syncModes: v.syncModes === undefined || !modes.ok ? undefined : modes.value,
    });
    if (!parsed.success) rowProblems.unshift(...issues(parsed.error));
    if (rowProblems.length) problems.push(...rowProblems.map((message) => ({ line, message })));
    else if (parsed.success) items.push({ line, m: parsed.data });
  }
  problems.push(...duplicates(items, (m) => m.teamId, 'Teams team'), ...duplicates(items, (m) => m.wfmTeamId, 'WFM team'));
  return problems.length ? err(problems.sort(byLine)) : ok(items);
}

/** Parses and validates a user-mapping CSV without touching the store; `wfm` adds the existence checks. */
export function parseUserMappingsCsv(text: string, wfm?: WfmDirectory): Result<Array<{ line: number; m: UserMapping }>, CsvProblem[]> {
  const { rows, problems } = records(text, USER_CSV_COLUMNS, ['userId', 'wfmEmployeeId']);
  const items: Array<{ line: number; m: UserMapping }> = [];
  for (const { line, v } of rows) {
    const rowProblems: string[] = [];
    if (v.userId && !GUID.test(v.userId)) rowProblems.push(`userId: must be an Entra object id (a GUID), not "${v.userId}"`);
    if (v.upn && !UPN.test(v.upn)) rowProblems.push(`upn: "${v.upn}" is not a user principal name (name@domain)`);
    if (wfm && v.wfmEmployeeId && !wfm.employeeIds.has(v.wfmEmployeeId)) rowProblems.push(`wfmEmployeeId: the WFM has no employee "${v.wfmEmployeeId}"`);
    const parsed = userMappingSchema.safeParse({
      userId: v.userId,
      wfmEmployeeId: v.wfmEmployeeId,
      displayName: v.displayName ? v.displayName : null,
      upn: v.upn ? v.upn : null,
    });
    if (!parsed.success) rowProblems.unshift(...issues(parsed.error));
    if (rowProblems.length) problems.push(...rowProblems.map((message) => ({ line, message })));
    else if (parsed.success) items.push({ line, m: parsed.data });
  }
  problems.push(
    ...duplicates(items, (m) => m.userId, 'user'),
    ...duplicates(items, (m) => m.wfmEmployeeId, 'WFM employee'),
    ...duplicates(items.filter((i) => i.m.upn), (m) => m.upn!.toLowerCase(), 'UPN'),
  );
  return problems.length ? err(problems.sort(byLine)) : ok(items);
}

/** Reads the WFM's teams and employees for the existence checks. */
export async function wfmDirectory(wfm: Pick<WfmAdapter, 'listTeams' | 'listEmployees'>): Promise<Result<WfmDirectory, string>> {
  const teams = await wfm.listTeams();
  if (!teams.ok) return err(`cannot list the WFM's teams: ${teams.error.message}`);
  const employeeIds = new Set<string>();
  for (const t of teams.value) {
    const employees = await wfm.listEmployees(t.id);
    if (!employees.ok) return err(`cannot list the employees of WFM team ${t.id}: ${employees.error.message}`);
    for (const e of employees.value) employeeIds.add(e.id);
  }
  return ok({ teamIds: new Set(teams.value.map((t) => t.id)), employeeIds });
}

/** The files of one import; either may be absent. `file` names it in problems. */
export interface MappingFiles {
  teams?: { file: string; text: string };
  users?: { file: string; text: string };
}

export interface MappingImportSummary {
  teams?: ImportSummary;
  users?: ImportSummary;
}

/** Why an import wrote nothing: problems in the files, or the WFM could not be asked. */
export type MappingImportError = { code: 'INVALID_FILES'; problems: MappingFileProblem[] } | { code: 'WFM_UNAVAILABLE'; message: string };

/** Carries an import's problems out of its transaction, rolling it back. */
class Rollback extends Error {
  constructor(readonly problems: MappingFileProblem[]) {
    super('import rolled back');
  }
}

/**
 * Imports team and user mappings from CSV: both files are validated completely (and against the
 * WFM and the stored mappings) first; nothing is written unless both are valid, then both are
 * written in one transaction.
 */
export async function importMappingsCsv(
  store: Pick<Store, 'transaction'>,
  wfm: Pick<WfmAdapter, 'listTeams' | 'listEmployees'>,
  files: MappingFiles,
): Promise<Result<MappingImportSummary, MappingImportError>> {
  const directory = await wfmDirectory(wfm);
  if (!directory.ok) return err({ code: 'WFM_UNAVAILABLE', message: directory.error });
  const tag = (file: string) => (p: CsvProblem): MappingFileProblem => ({ file, ...p });
  const teams = files.teams ? parseTeamMappingsCsv(files.teams.text, directory.value) : undefined;
  const users = files.users ? parseUserMappingsCsv(files.users.text, directory.value) : undefined;
  const problems = [
    ...(teams && !teams.ok && files.teams ? teams.error.map(tag(files.teams.file)) : []),
    ...(users && !users.ok && files.users ? users.error.map(tag(files.users.file)) : []),
  ];
  if (problems.length) return err({ code: 'INVALID_FILES', problems });
  try {
    return await store.transaction(async (q) => {
      const summary: MappingImportSummary = {};
      const fileProblems: MappingFileProblem[] = [];
      if (teams?.ok && files.teams) {
        const r = await writeTeams(q, teams.value);
        if (r.ok) summary.teams = r.value;
        else fileProblems.push(...r.error.map(tag(files.teams.file)));
      }
      if (users?.ok && files.users) {
        const r = await writeUsers(q, users.value);
        if (r.ok) summary.users = r.value;
        else fileProblems.push(...r.error.map(tag(files.users.file)));
      }
      if (fileProblems.length) throw new Rollback(fileProblems);
      return ok(summary);
    });
  } catch (e) {
    if (e instanceof Rollback) return err({ code: 'INVALID_FILES', problems: e.problems });
    throw e;
  }
}

// A file without the syncModes column keeps the stored modes (see upsertTeamMapping).
const sameTeam = (stored: TeamMapping, m: TeamMapping) => JSON.stringify(stored) === JSON.stringify({ ...m, syncModes: m.syncModes ?? stored.syncModes });
const sameUser = (a: UserMapping, b: UserMapping) => JSON.stringify(a) === JSON.stringify(b);

async function writeTeams(q: Queryable, items: Array<{ line: number; m: TeamMapping }>): Promise<Result<ImportSummary, CsvProblem[]>> {
  const stored = await listTeamMappings(q);
  const byTeam = new Map(stored.map((m) => [m.teamId, m]));
  const inFile = new Set(items.map((i) => i.m.teamId));
  const problems: CsvProblem[] = [];
  for (const { line, m } of items) {
    const other = stored.find((s) => s.wfmTeamId === m.wfmTeamId && s.teamId !== m.teamId && !inFile.has(s.teamId));
    if (other) problems.push({ line, message: `WFM team ${m.wfmTeamId} is already mapped to Teams team ${other.teamId}` });
  }
  if (problems.length) return err(problems);
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0 };
  for (const { line, m } of items) {
    const before = byTeam.get(m.teamId);
    if (before && sameTeam(before, m)) {
      summary.unchanged++;
      continue;
    }
    const r = await upsertTeamMapping(q, m);
    if (!r.ok) return err([{ line, message: r.error.message }]);
    if (before) summary.updated++;
    else summary.created++;
  }
  return ok(summary);
}

async function writeUsers(q: Queryable, items: Array<{ line: number; m: UserMapping }>): Promise<Result<ImportSummary, CsvProblem[]>> {
  const stored = await listUserMappings(q);
  const byUser = new Map(stored.map((m) => [m.userId, m]));
  const inFile = new Set(items.map((i) => i.m.userId));
  const problems: CsvProblem[] = [];
  for (const { line, m } of items) {
    const other = stored.find((s) => s.wfmEmployeeId === m.wfmEmployeeId && s.userId !== m.userId && !inFile.has(s.userId));
    if (other) problems.push({ line, message: `WFM employee ${m.wfmEmployeeId} is already mapped to user ${other.userId}` });
  }
  if (problems.length) return err(problems);
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0 };
  // Two passes: a file that moves an employee between users must not trip over itself.
  const changing = items.filter(({ m }) => !(byUser.get(m.userId) && sameUser(byUser.get(m.userId)!, m)));
  summary.unchanged = items.length - changing.length;
  for (const { m } of changing) {
    const before = byUser.get(m.userId);
    if (before && before.wfmEmployeeId !== m.wfmEmployeeId) {
      await q.query('UPDATE map_users SET wfm_employee_id = $2 WHERE user_id = $1', [m.userId, `__moving__${m.userId}`]);
    }
  }
  for (const { line, m } of changing) {
    const r = await upsertUserMapping(q, m);
    if (!r.ok) return err([{ line, message: r.error.message }]);
    if (byUser.has(m.userId)) summary.updated++;
    else summary.created++;
  }
  return ok(summary);
}
