/**
 * Applies a batch of commands to the embedded WFM atomically: one transaction, serialised with
 * every other writer, each command checked as it is applied and the schedule rules checked on
 * the resulting state. Any failure rolls everything back and names the failing command.
 */
import { err, ok, type Result } from '../../errors.ts';
import type { Store } from '../../store/index.ts';
import type { Actor, CommandResult, Origin, WfmCommand, WfmError } from '../contract.ts';
import { commandSchema } from '../schemas.ts';
import { checkCandidates, toSpan } from './checks.ts';
import { Abort, createContext, type ApplyContext } from './context.ts';
import {
  createOpenShift,
  createShift,
  createTimeOff,
  deleteOpenShift,
  deleteShift,
  deleteTimeOff,
  updateOpenShift,
  updateShift,
  updateTimeOff,
} from './apply-schedule.ts';
import { createRequest, transitionRequest } from './apply-requests.ts';
import { getTeamRecord } from './repo-reference.ts';
import { getShift } from './repo-schedule.ts';

/** Advisory lock all embedded-WFM writers share ("wfmwrite"): keeps the change feed gap-free. */
export const WFM_WRITE_LOCK = 0x77_66_6d_77;

async function applyOne(ctx: ApplyContext, c: WfmCommand): Promise<CommandResult> {
  switch (c.kind) {
    case 'shift.create':
      return createShift(ctx, c.data);
    case 'shift.update':
      return updateShift(ctx, c.id, c.expectedVersion, c.data);
    case 'shift.delete':
      return deleteShift(ctx, c.id, c.expectedVersion);
    case 'openShift.create':
      return createOpenShift(ctx, c.data);
    case 'openShift.update':
      return updateOpenShift(ctx, c.id, c.expectedVersion, c.data);
    case 'openShift.delete':
      return deleteOpenShift(ctx, c.id, c.expectedVersion);
    case 'timeOff.create':
      return createTimeOff(ctx, c.data);
    case 'timeOff.update':
      return updateTimeOff(ctx, c.id, c.expectedVersion, c.data);
    case 'timeOff.delete':
      return deleteTimeOff(ctx, c.id, c.expectedVersion);
    case 'request.create':
      return createRequest(ctx, c.data);
    case 'request.transition':
      return transitionRequest(ctx, c.id, c.expectedVersion, c.transition, c.message);
  }
}

/** OVERLAP, MIN_REST and MAX_WEEKLY_HOURS on every shift the batch left in place. */
async function checkTouched(ctx: ApplyContext): Promise<void> {
  const spans = [];
  for (const id of ctx.touchedShifts.keys()) {
    const shift = await getShift(ctx.q, id);
    if (shift) spans.push(toSpan(shift));
  }
  const v = await checkCandidates(ctx.q, spans);
  if (v) {
    throw new Abort({ kind: 'rule_violation', code: v.code, message: v.message, commandIndex: ctx.touchedShifts.get(v.spanId) ?? ctx.index });
  }
}

export interface ApplyOptions {
  store: Store;
  now: () => Date;
  origin: Origin;
}

/**
 * Validates and applies `commands` for `teamId`. Returns one result per command, or the first
 * error with `commandIndex` set; nothing is written on error.
 */
export async function applyCommands(
  opts: ApplyOptions,
  teamId: string,
  commands: unknown[],
  actor: Actor,
): Promise<Result<CommandResult[], WfmError>> {
  const parsed: WfmCommand[] = [];
  for (const [i, c] of commands.entries()) {
    const p = commandSchema.safeParse(c);
    if (!p.success) {
      const issue = p.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return err({ kind: 'rule_violation', code: 'INVALID_INPUT', message: `${where}${issue?.message ?? 'invalid command'}`, commandIndex: i });
    }
    parsed.push(p.data);
  }
  if (parsed.length === 0) return ok([]);
  try {
    const results = await opts.store.transaction(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [WFM_WRITE_LOCK]);
      const team = await getTeamRecord(q, teamId);
      if (!team) throw new Abort({ kind: 'not_found', code: 'NOT_FOUND', message: `Team ${teamId} doesn't exist in the WFM.` });
      const ctx = createContext(q, team, opts.now().getTime(), opts.origin, actor);
      const out: CommandResult[] = [];
      for (const [i, c] of parsed.entries()) {
        ctx.index = i;
        try {
          out.push(await applyOne(ctx, c));
        } catch (e) {
          if (e instanceof Abort && e.wfmError.commandIndex === undefined) throw new Abort({ ...e.wfmError, commandIndex: i });
          throw e;
        }
      }
      await checkTouched(ctx);
      return out;
    });
    return ok(results);
  } catch (e) {
    if (e instanceof Abort) return err(e.wfmError);
    throw e;
  }
}
