/**
 * What every command handler of the embedded WFM works with: the transaction, the team, the
 * clock, who is acting and from where, and what the batch touched so far.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../store/index.ts';
import type { Actor, CommandResult, Origin, WfmChange, WfmError } from '../contract.ts';
import { recordChange } from './repo-schedule.ts';
import type { TeamRecord } from './repo-reference.ts';

/**
 * Thrown inside the write transaction to roll it back with a typed error; `applyCommands`
 * turns it into the `Result` callers see. It never escapes the embedded WFM.
 */
export class Abort extends Error {
  constructor(readonly wfmError: WfmError) {
    super(wfmError.message);
    this.name = 'Abort';
  }
}

export const abort = (kind: WfmError['kind'], code: string, message: string): never => {
  throw new Abort({ kind, code, message } as WfmError);
};
export const violation = (v: { code: string; message: string }): never => abort('rule_violation', v.code, v.message);
export const invalid = (message: string): never => abort('rule_violation', 'INVALID_INPUT', message);

export interface ApplyContext {
  q: Queryable;
  team: TeamRecord;
  now: number;
  origin: Origin;
  actor: Actor;
  /** Index of the command being applied. */
  index: number;
  /** Shifts created or changed by the batch, with the index of the command that did it. */
  touchedShifts: Map<string, number>;
  newId(): string;
}

export function createContext(q: Queryable, team: TeamRecord, now: number, origin: Origin, actor: Actor): ApplyContext {
  return { q, team, now, origin, actor, index: 0, touchedShifts: new Map(), newId: () => randomUUID() };
}

/** Records a change in the feed at the writer's clock. */
export async function emitChange(ctx: ApplyContext, change: Omit<WfmChange, 'origin' | 'at'>): Promise<void> {
  await recordChange(ctx.q, { ...change, origin: ctx.origin, at: new Date(ctx.now).toISOString() } as WfmChange);
}

/** Conflict unless the caller's eTag matches the stored version. */
export function checkVersion(current: { version: string }, expected: string | undefined): void {
  if (expected !== undefined && expected !== current.version) {
    abort('conflict', 'STALE_VERSION', 'Someone else changed this in the meantime. Refresh and try again.');
  }
}

export function nextVersion(v: string): string {
  return String(Number(v) + 1);
}

export function result(entityType: CommandResult['entityType'], id: string, version: string, op: CommandResult['op']): CommandResult {
  return { entityType, id, version, op };
}

/** Schedule edits are for managers (and the WFM itself); workers change shifts through requests. */
export function requireManager(ctx: ApplyContext): void {
  if (ctx.actor.role === 'worker') {
    abort('not_allowed', 'NOT_ALLOWED', 'Only a manager can change the schedule directly. Send a request instead.');
  }
}

/** Normalises an ISO instant to milliseconds and `Z`. */
export function normIso(v: string): string {
  return new Date(Date.parse(v)).toISOString();
}
