/**
 * The embedded reference WFM: a real, rule-enforcing WFM persisted in the project's store,
 * so the product runs with nothing else installed. It implements `WfmAdapter` and adds the
 * WFM-side operations the admin API and CLI need (acting as the WFM, per-team rules).
 */
import { EventEmitter } from 'node:events';
import { err, ok, type Result } from '../../errors.ts';
import type { Queryable, Store } from '../../store/index.ts';
import type { Actor, ChangeFeedPage, CommandOptions, CommandResult, EligibleReasons, WfmAdapter, WfmError, WfmShift, WfmTeam, Window } from '../contract.ts';
import { applyCommands, applyOutcomeOf, recordAppliedKeys, WFM_WRITE_LOCK, type AndThen } from './apply.ts';
import { applyBatchInTransaction, type BatchItem } from './apply-batch.ts';
import { checkCandidates, checkTimeOff, toSpan } from './checks.ts';
import {
  getEmployee,
  getTeamRecord,
  listEmployeesOfTeam,
  listJobsOfTeam,
  listReasonRecords,
  listTeamRecords,
  ReferenceCache,
  setTeamRules,
  upsertReason,
  type ReasonRecord,
  type TeamRecord,
} from './repo-reference.ts';
import { getShift, listOpenShiftsOfTeam, listRequestsOfTeam, listShiftsOfTeam, listTimesOffOfTeam, readChanges, recordChange } from './repo-schedule.ts';
import { lockCutoff } from './rules.ts';
import { ruleOverridesSchema, type RuleConfig, type RuleOverrides } from './rules-config.ts';
import { seedIfEmpty } from './seed.ts';

export { embeddedWfmMigrations } from './migrations.ts';
export { ruleConfigSchema, ruleOverridesSchema, reasonEligibilitySchema, DEFAULT_RULES, type RuleConfig, type RuleOverrides, type ReasonEligibility } from './rules-config.ts';
export type { ReasonRecord, TeamRecord } from './repo-reference.ts';
export type { AndThen } from './apply.ts';
export { isBatchable, type BatchItem } from './apply-batch.ts';

/** Work the caller does in the batch's transaction with the items' results (see `applyBatchWithin`). */
export type BatchAndThen = (q: Queryable, results: ReadonlyArray<Result<CommandResult[], WfmError>>) => Promise<void>;

const DEFAULT_PAGE = 500;
const MAX_PAGE = 1000;

export interface EmbeddedWfmOptions {
  store: Store;
  /** Clock (tests pin it); defaults to the system clock. */
  now?: () => Date;
}

/** The embedded WFM: the adapter plus what only the system of record itself can do. */
export interface EmbeddedWfm extends WfmAdapter {
  /** Seeds the demo when the WFM is empty; true when it did. */
  seed(): Promise<boolean>;
  /**
   * `apply` (origin `shifts`) that also runs `andThen` inside the same transaction once the
   * batch succeeded, for a caller sharing this WFM's store: the change and the caller's own
   * records commit together or not at all.
   */
  applyWithin(
    store: Store,
    teamId: string,
    commands: unknown[],
    actor: Actor,
    andThen: AndThen,
    control?: CommandOptions,
  ): Promise<Result<CommandResult[], WfmError>> | undefined;
  /**
   * Group commit of several requests' shift creations and edits (see `apply-batch.ts`), with
   * `andThen` run in the same transaction; one result per item. Undefined unless `store` is
   * this WFM's own store.
   */
  applyBatchWithin(store: Store, items: readonly BatchItem[], andThen: BatchAndThen): Promise<Array<Result<CommandResult[], WfmError>>> | undefined;
  /** Applies commands as the WFM itself: changes get origin `wfm` and are pushed to Shifts. */
  applyAsWfm(teamId: string, commands: unknown[], actor?: Actor): Promise<Result<CommandResult[], WfmError>>;
  /** One shift of a team, or NotFound. */
  getShift(teamId: string, shiftId: string): Promise<Result<WfmShift, WfmError>>;
  /** A team with its effective rules and stored overrides. */
  getTeamRules(teamId: string): Promise<Result<TeamRecord, WfmError>>;
  /** Replaces a team's rule overrides (validated); returns the effective rules. */
  setTeamRules(teamId: string, overrides: RuleOverrides): Promise<Result<RuleConfig, WfmError>>;
  /** Time-off reasons with their eligibility rules. */
  listReasonRecords(): Promise<ReasonRecord[]>;
  /** Creates or replaces a time-off reason (WFM side); recorded in the change feed for every team. */
  saveReason(record: ReasonRecord): Promise<void>;
}

const notFound = (what: string): WfmError => ({ kind: 'not_found', code: 'NOT_FOUND', message: `${what} doesn't exist in the WFM.` });
const WFM_ACTOR: Actor = { employeeId: null, role: 'system', userId: null };

function windowError(w: Window): WfmError | null {
  const s = Date.parse(w.start);
  const e = Date.parse(w.end);
  if (Number.isNaN(s) || Number.isNaN(e) || e <= s) {
    return { kind: 'rule_violation', code: 'INVALID_INPUT', message: 'The time range must have a valid start before its end.' };
  }
  return null;
}

export function createEmbeddedWfm(options: EmbeddedWfmOptions): EmbeddedWfm {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const changed = () => events.emit('change');
  // Only this process writes an embedded store: the batch path may keep its reference data.
  const reference = store.kind === 'pglite' ? new ReferenceCache() : undefined;

  async function withTeam<T>(teamId: string, fn: (team: TeamRecord) => Promise<T>): Promise<Result<T, WfmError>> {
    const team = await getTeamRecord(store, teamId);
    if (!team) return err(notFound(`Team ${teamId}`));
    return ok(await fn(team));
  }

  async function inWindow<T>(teamId: string, w: Window, fn: (w: Window) => Promise<T>): Promise<Result<T, WfmError>> {
    const bad = windowError(w);
    if (bad) return err(bad);
    const norm = { start: new Date(w.start).toISOString(), end: new Date(w.end).toISOString() };
    return withTeam(teamId, () => fn(norm));
  }

  const apply = async (teamId: string, commands: unknown[], actor: Actor, origin: 'wfm' | 'shifts', andThen?: AndThen, control?: CommandOptions) => {
    const r = await applyCommands({ store, now, origin }, teamId, commands, actor, andThen, control);
    if (r.ok && r.value.length > 0) changed();
    return r;
  };

  return {
    name: 'embedded',

    async listTeams() {
      return ok((await listTeamRecords(store)).map((t): WfmTeam => t.team));
    },
    listEmployees: (teamId) => withTeam(teamId, () => listEmployeesOfTeam(store, teamId)),
    listJobs: (teamId) => withTeam(teamId, () => listJobsOfTeam(store, teamId)),
    listTimeOffReasons: (teamId) => withTeam(teamId, async () => (await listReasonRecords(store)).map((r) => r.reason)),
    listShifts: (teamId, w) => inWindow(teamId, w, (n) => listShiftsOfTeam(store, teamId, n)),
    listOpenShifts: (teamId, w) => inWindow(teamId, w, (n) => listOpenShiftsOfTeam(store, teamId, n)),
    listTimesOff: (teamId, w) => inWindow(teamId, w, (n) => listTimesOffOfTeam(store, teamId, n)),
    listRequests: (teamId, w) => inWindow(teamId, w, (n) => listRequestsOfTeam(store, teamId, n)),

    async changesSince(cursor, limit = DEFAULT_PAGE): Promise<Result<ChangeFeedPage, WfmError>> {
      const after = cursor === null ? 0 : Number(cursor);
      if (!Number.isSafeInteger(after) || after < 0) {
        return err({ kind: 'rule_violation', code: 'INVALID_INPUT', message: `Unknown change-feed cursor ${cursor}.` });
      }
      const size = Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)));
      const rows =
        store.kind === 'pglite'
          ? // One connection, one transaction at a time: nothing can be half-committed.
            await readChanges(store, after, size + 1)
          : await store.transaction(async (q) => {
              // Wait for writers between their feed append and commit (they hold the lock
              // shared); the read after it sees every sequence number handed out before.
              await q.query('SELECT pg_advisory_xact_lock($1)', [WFM_WRITE_LOCK]);
              return readChanges(q, after, size + 1);
            });
      const page = rows.slice(0, size);
      return ok({
        changes: page.map((r) => r.change),
        cursor: String(page.at(-1)?.seq ?? after),
        hasMore: rows.length > size,
      });
    },

    subscribe(listener) {
      events.on('change', listener);
      return () => events.off('change', listener);
    },

    apply: (teamId, commands, actor, control) => apply(teamId, commands, actor, 'shifts', undefined, control),
    async applyOutcome(teamId, idempotencyKey) {
      return ok(await applyOutcomeOf(store, teamId, idempotencyKey));
    },
    // Only for the very store this WFM writes to; undefined tells the caller to use `apply`.
    applyWithin: (callerStore, teamId, commands, actor, andThen, control) =>
      callerStore === store ? apply(teamId, commands, actor, 'shifts', andThen, control) : undefined,
    applyBatchWithin: (callerStore, items, andThen) => {
      if (callerStore !== store) return undefined;
      return store
        .transaction(async (q) => {
          const results = await applyBatchInTransaction(q, { now, origin: 'shifts', concurrent: store.kind !== 'pglite', reference }, items);
          await recordAppliedKeys(q, items, results);
          await andThen(q, results);
          return results;
        })
        .then((results) => {
          if (results.some((r) => r.ok && r.value.length > 0)) changed();
          return results;
        });
    },
    applyAsWfm: (teamId, commands, actor = WFM_ACTOR) => apply(teamId, commands, actor, 'wfm'),

    async eligibleTimeOffReasons(teamId, employeeId): Promise<Result<EligibleReasons, WfmError>> {
      const team = await getTeamRecord(store, teamId);
      if (!team) return err(notFound(`Team ${teamId}`));
      const employee = await getEmployee(store, employeeId);
      if (!employee || !employee.teamIds.includes(teamId)) return err(notFound(`Employee ${employeeId} in team ${teamId}`));
      const out: EligibleReasons = { eligible: [], ineligible: [] };
      // A one-minute probe starting now: eligible means "could book some of it today".
      const start = now().getTime();
      for (const record of await listReasonRecords(store)) {
        const v = await checkTimeOff(store, team, employee, record, start, start + 60_000);
        if (v) out.ineligible.push({ reason: record.reason, code: v.code, message: v.message });
        else out.eligible.push(record.reason);
      }
      return ok(out);
    },

    async swappableShifts(teamId, shiftId, w): Promise<Result<WfmShift[], WfmError>> {
      const bad = windowError(w);
      if (bad) return err(bad);
      const team = await getTeamRecord(store, teamId);
      if (!team) return err(notFound(`Team ${teamId}`));
      const mine = await getShift(store, shiftId);
      if (!mine || mine.teamId !== teamId) return err(notFound(`Shift ${shiftId}`));
      const cutoff = lockCutoff(now().getTime(), team.team.timeZone, team.rules) ?? -Infinity;
      if (Date.parse(mine.start) < cutoff) return ok([]);
      const from = Date.parse(w.start);
      const to = Date.parse(w.end);
      const candidates = (await listShiftsOfTeam(store, teamId, { start: new Date(from).toISOString(), end: new Date(to).toISOString() })).filter(
        (s) => s.employeeId !== mine.employeeId && s.jobId === mine.jobId && Date.parse(s.start) >= from && Date.parse(s.start) < to && Date.parse(s.start) >= cutoff,
      );
      const out: WfmShift[] = [];
      for (const c of candidates) {
        const after = [toSpan({ ...mine, employeeId: c.employeeId }), toSpan({ ...c, employeeId: mine.employeeId })];
        if (!(await checkCandidates(store, after, after))) out.push(c);
      }
      return ok(out);
    },

    async seed() {
      const seeded = await seedIfEmpty(store, now());
      if (seeded) changed();
      return seeded;
    },

    async getShift(teamId, shiftId) {
      const s = await getShift(store, shiftId);
      return s && s.teamId === teamId ? ok(s) : err(notFound(`Shift ${shiftId} in team ${teamId}`));
    },

    async getTeamRules(teamId) {
      const team = await getTeamRecord(store, teamId);
      return team ? ok(team) : err(notFound(`Team ${teamId}`));
    },

    async setTeamRules(teamId, overrides) {
      const parsed = ruleOverridesSchema.safeParse(overrides);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return err({ kind: 'rule_violation', code: 'INVALID_INPUT', message: `${issue?.path.join('.') || 'rules'}: ${issue?.message ?? 'invalid'}` });
      }
      if (!(await getTeamRecord(store, teamId))) return err(notFound(`Team ${teamId}`));
      await setTeamRules(store, teamId, parsed.data);
      const team = await getTeamRecord(store, teamId);
      return ok(team!.rules);
    },

    listReasonRecords: () => listReasonRecords(store),

    async saveReason(record) {
      await store.transaction(async (q) => {
        await q.query('SELECT pg_advisory_xact_lock($1)', [WFM_WRITE_LOCK]);
        const existed = (await listReasonRecords(q)).some((r) => r.reason.id === record.reason.id);
        await upsertReason(q, record);
        for (const t of await listTeamRecords(q)) {
          await recordChange(q, {
            entityType: 'timeOffReason',
            id: record.reason.id,
            teamId: t.team.id,
            op: existed ? 'updated' : 'created',
            origin: 'wfm',
            entity: record.reason,
            at: now().toISOString(),
          });
        }
      });
      changed();
    },
  };
}
