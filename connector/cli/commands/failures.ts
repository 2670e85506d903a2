/**
 * `failures [--team <id>] [entity=<type>] [code=<error code>] [state=<s1,s2>]`: the failed
 * entities, as the tab's failures list shows them (same service call, same default states:
 * open and retrying), newest first, with what to do next.
 */
import type { FailureFilter, FailureState } from '../../sync/index.ts';
import type { CliContext } from '../context.ts';
import { table } from '../io.ts';

const STATES: readonly FailureState[] = ['open', 'retrying', 'resolved', 'handled'];
const DEFAULT_STATES: FailureState[] = ['open', 'retrying'];

/** Parses `key=value` filters; a problem is returned as the message to print. */
export function parseFailureFilters(teamId: string | undefined, args: string[]): FailureFilter | string {
  const filter: FailureFilter = { state: DEFAULT_STATES };
  if (teamId) filter.teamIds = [teamId];
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const key = eq > 0 ? arg.slice(0, eq) : '';
    const value = eq > 0 ? arg.slice(eq + 1).trim() : '';
    if (!value) return `failures: expected key=value filters (entity=, code=, state=), got "${arg}"`;
    if (key === 'entity') filter.entityType = value;
    else if (key === 'code') filter.errorCode = value;
    else if (key === 'state') {
      const states = value.split(',').map((s) => s.trim());
      const unknown = states.find((s) => !STATES.includes(s as FailureState));
      if (unknown !== undefined) return `failures: unknown state "${unknown}" (one of ${STATES.join(', ')})`;
      filter.state = states as FailureState[];
    } else return `failures: unknown filter "${key}" (entity=, code=, state=)`;
  }
  return filter;
}

export async function failuresCommand(ctx: CliContext, opts: { teamId?: string; args: string[] }): Promise<number> {
  const filter = parseFailureFilters(opts.teamId, opts.args);
  if (typeof filter === 'string') {
    ctx.io.err(filter);
    return 2;
  }
  const sync = await ctx.sync();
  const failures = await sync.service.listFailures(filter);
  if (failures.length === 0) {
    ctx.io.out(`No ${filter.state!.join(' or ')} failures${opts.teamId ? ` for team ${opts.teamId}` : ''}.`);
    return 0;
  }
  const rows = failures.map((f) => [
    f.id,
    f.teamId,
    f.entityType,
    f.wfmId ?? (f.shiftsId ? `shifts:${f.shiftsId}` : ''),
    f.operation,
    f.errorCode,
    String(f.attempts),
    f.state,
    f.lastSeenAt,
    f.nextRetryAt ?? (f.state === 'open' || f.state === 'retrying' ? 'waits for a retry by hand' : ''),
  ]);
  for (const line of table([['id', 'team', 'entity', 'item', 'operation', 'error', 'attempts', 'state', 'last seen', 'next retry'], ...rows])) ctx.io.out(line);
  for (const f of failures) ctx.io.out(`${f.id}: ${f.errorMessage}`);
  ctx.io.out(`${failures.length} ${failures.length === 1 ? 'failure' : 'failures'}. Retry: retry --failure <id> or retry --team <teamId>.`);
  return 0;
}
