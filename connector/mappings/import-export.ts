/**
 * CSV import and export of team and user mappings. An import is all or nothing: every row is
 * validated (schema, duplicates inside the file, clashes with mappings already stored) before
 * anything is written, and every problem is reported with its line number. Each import runs
 * in its own transaction, so it also lands all at once.
 */
import { err, ok, type Result } from '../errors.ts';
import type { Queryable, Store } from '../store/index.ts';
import { CsvSyntaxError, parseCsv, toCsv } from './csv.ts';
import { formatSyncModes, parseSyncModes } from './modes.ts';
import { teamMappingSchema, userMappingSchema, type TeamMapping, type UserMapping } from './schemas.ts';
import { listTeamMappings, upsertTeamMapping } from './teams.ts';
import { listUserMappings, upsertUserMapping } from './users.ts';

export const TEAM_CSV_COLUMNS = ['teamId', 'wfmTeamId', 'timeZone', 'ownerUserId', 'managerUserIds', 'enabled', 'syncModes'] as const;
export const USER_CSV_COLUMNS = ['userId', 'wfmEmployeeId', 'displayName', 'upn'] as const;

/** One problem of a CSV file; `line` is 1-based as a spreadsheet shows it. */
export interface CsvProblem {
  line: number;
  message: string;
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

/** Rows as objects keyed by the header; problems for a wrong header or ragged rows. */
function records(text: string, columns: readonly string[], required: readonly string[]): Result<Array<{ line: number; v: Record<string, string> }>, CsvProblem[]> {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return err([{ line: 0, message: e.message }]);
    throw e;
  }
  const header = rows[0]?.map((h) => h.trim());
  if (!header) return err([{ line: 1, message: `the file is empty; expected a header: ${columns.join(',')}` }]);
  const unknown = header.filter((h) => !columns.includes(h));
  const missing = required.filter((c) => !header.includes(c));
  if (unknown.length || missing.length) {
    const parts = [missing.length ? `missing ${missing.join(', ')}` : '', unknown.length ? `unknown ${unknown.join(', ')}` : ''].filter(Boolean);
    return err([{ line: 1, message: `header: ${parts.join('; ')} (expected ${columns.join(',')})` }]);
  }
  const problems: CsvProblem[] = [];
  const out: Array<{ line: number; v: Record<string, string> }> = [];
  rows.slice(1).forEach((r, i) => {
    const line = i + 2;
    if (r.length !== header.length) {
      problems.push({ line, message: `has ${r.length} fields, the header has ${header.length}` });
      return;
    }
    out.push({ line, v: Object.fromEntries(header.map((h, j) => [h, r[j]!.trim()])) });
  });
  return problems.length ? err(problems) : ok(out);
}

function firstIssue(e: { issues: Array<{ path: (string | number)[]; message: string }> }): string {
  const i = e.issues[0];
  return i ? `${i.path.join('.') || 'row'}: ${i.message}` : 'invalid row';
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

/** Parses and validates a team-mapping CSV without touching the store. */
export function parseTeamMappingsCsv(text: string): Result<Array<{ line: number; m: TeamMapping }>, CsvProblem[]> {
  const recs = records(text, TEAM_CSV_COLUMNS, ['teamId', 'wfmTeamId', 'timeZone']);
  if (!recs.ok) return recs;
  const problems: CsvProblem[] = [];
  const items: Array<{ line: number; m: TeamMapping }> = [];
  for (const { line, v } of recs.value) {
    const enabled = (v.enabled ?? '').toLowerCase();
    if (enabled !== '' && !['true', 'false', 'yes', 'no', '1', '0'].includes(enabled)) {
      problems.push({ line, message: `enabled: use true or false, not "${v.enabled}"` });
      continue;
    }
    // Optional column (`kind=mode;kind=mode`): empty puts every kind on SYNC_MODE; a file
    // without the column leaves the stored modes as they are.
    const modes = parseSyncModes(v.syncModes ?? '');
    if (!modes.ok) {
      problems.push({ line, message: `syncModes: ${modes.message}` });
      continue;
    }
    const parsed = teamMappingSchema.safeParse({
      teamId: v.teamId,
      wfmTeamId: v.wfmTeamId,
      timeZone: v.timeZone,
      ownerUserId: v.ownerUserId ? v.ownerUserId : null,
      managerUserIds: (v.managerUserIds ?? '').split(';').map((s) => s.trim()).filter(Boolean),
      enabled: enabled === '' || ['true', 'yes', '1'].includes(enabled),
      syncModes: v.syncModes === undefined ? undefined : modes.value,
    });
    if (parsed.success) items.push({ line, m: parsed.data });
    else problems.push({ line, message: firstIssue(parsed.error) });
  }
  problems.push(...duplicates(items, (m) => m.teamId, 'Teams team'), ...duplicates(items, (m) => m.wfmTeamId, 'WFM team'));
  return problems.length ? err(problems.sort((a, b) => a.line - b.line)) : ok(items);
}

/** Parses and validates a user-mapping CSV without touching the store. */
export function parseUserMappingsCsv(text: string): Result<Array<{ line: number; m: UserMapping }>, CsvProblem[]> {
  const recs = records(text, USER_CSV_COLUMNS, ['userId', 'wfmEmployeeId']);
  if (!recs.ok) return recs;
  const problems: CsvProblem[] = [];
  const items: Array<{ line: number; m: UserMapping }> = [];
  for (const { line, v } of recs.value) {
    const parsed = userMappingSchema.safeParse({
      userId: v.userId,
      wfmEmployeeId: v.wfmEmployeeId,
      displayName: v.displayName ? v.displayName : null,
      upn: v.upn ? v.upn : null,
    });
    if (parsed.success) items.push({ line, m: parsed.data });
    else problems.push({ line, message: firstIssue(parsed.error) });
  }
  problems.push(
    ...duplicates(items, (m) => m.userId, 'user'),
    ...duplicates(items, (m) => m.wfmEmployeeId, 'WFM employee'),
    ...duplicates(items.filter((i) => i.m.upn), (m) => m.upn!.toLowerCase(), 'UPN'),
  );
  return problems.length ? err(problems.sort((a, b) => a.line - b.line)) : ok(items);
}

/** Carries an import's problems out of its transaction, rolling it back. */
class Rollback extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super('import rolled back');
  }
}

async function atomically(store: Pick<Store, 'transaction'>, fn: (q: Queryable) => Promise<Result<ImportSummary, CsvProblem[]>>): Promise<Result<ImportSummary, CsvProblem[]>> {
  try {
    return await store.transaction(async (q) => {
      const r = await fn(q);
      if (!r.ok) throw new Rollback(r.error);
      return r;
    });
  } catch (e) {
    if (e instanceof Rollback) return err(e.problems);
    throw e;
  }
}

// A file without the syncModes column keeps the stored modes (see upsertTeamMapping).
const sameTeam = (stored: TeamMapping, m: TeamMapping) => JSON.stringify(stored) === JSON.stringify({ ...m, syncModes: m.syncModes ?? stored.syncModes });
const sameUser = (a: UserMapping, b: UserMapping) => JSON.stringify(a) === JSON.stringify(b);

/** Imports team mappings (upsert by Teams team id). Nothing is written when any row has a problem. */
export function importTeamMappingsCsv(store: Pick<Store, 'transaction'>, text: string): Promise<Result<ImportSummary, CsvProblem[]>> {
  return atomically(store, (q) => importTeams(q, text));
}

async function importTeams(q: Queryable, text: string): Promise<Result<ImportSummary, CsvProblem[]>> {
  const parsed = parseTeamMappingsCsv(text);
  if (!parsed.ok) return parsed;
  const stored = await listTeamMappings(q);
  const byTeam = new Map(stored.map((m) => [m.teamId, m]));
  const inFile = new Set(parsed.value.map((i) => i.m.teamId));
  const problems: CsvProblem[] = [];
  for (const { line, m } of parsed.value) {
    const other = stored.find((s) => s.wfmTeamId === m.wfmTeamId && s.teamId !== m.teamId && !inFile.has(s.teamId));
    if (other) problems.push({ line, message: `WFM team ${m.wfmTeamId} is already mapped to Teams team ${other.teamId}` });
  }
  if (problems.length) return err(problems);
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0 };
  for (const { line, m } of parsed.value) {
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

/** Imports user mappings (upsert by Entra user id). Nothing is written when any row has a problem. */
export function importUserMappingsCsv(store: Pick<Store, 'transaction'>, text: string): Promise<Result<ImportSummary, CsvProblem[]>> {
  return atomically(store, (q) => importUsers(q, text));
}

async function importUsers(q: Queryable, text: string): Promise<Result<ImportSummary, CsvProblem[]>> {
  const parsed = parseUserMappingsCsv(text);
  if (!parsed.ok) return parsed;
  const stored = await listUserMappings(q);
  const byUser = new Map(stored.map((m) => [m.userId, m]));
  const inFile = new Set(parsed.value.map((i) => i.m.userId));
  const problems: CsvProblem[] = [];
  for (const { line, m } of parsed.value) {
    const other = stored.find((s) => s.wfmEmployeeId === m.wfmEmployeeId && s.userId !== m.userId && !inFile.has(s.userId));
    if (other) problems.push({ line, message: `WFM employee ${m.wfmEmployeeId} is already mapped to user ${other.userId}` });
  }
  if (problems.length) return err(problems);
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0 };
  // Two passes: a file that moves an employee between users must not trip over itself.
  const changing = parsed.value.filter(({ m }) => !(byUser.get(m.userId) && sameUser(byUser.get(m.userId)!, m)));
  summary.unchanged = parsed.value.length - changing.length;
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
