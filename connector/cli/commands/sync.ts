/** `sync`, `status`, `retry` and `enable`: the sync engine from the command line. */
import { describeModes, getTeamMapping } from '../../mappings/index.ts';
import { describeLag, describeOldestWaiting, ensureSchedule } from '../../sync/index.ts';
import { systemClock } from '../../graph/index.ts';
import type { CliContext } from '../context.ts';
import { progressBar, table } from '../io.ts';

/** `sync --team <id> [--full]`: one run now, with a progress bar; exit 1 unless it fully succeeded. */
export async function syncCommand(ctx: CliContext, teamId: string, full: boolean): Promise<number> {
  const sync = await ctx.sync();
  const app = await ctx.app();
  if (!(await getTeamMapping(app.store, teamId))) {
    ctx.io.err(`Team ${teamId} is not mapped. Import team mappings first (map import --teams <file>).`);
    return 1;
  }
  ctx.io.out(`Syncing team ${teamId}${full ? ' (full reconcile)' : ''}...`);
  const run = await sync.runNow(teamId, 'manual', { full, onProgress: (done, planned) => ctx.io.progress(progressBar(done, planned)) });
  ctx.io.progress('');
  // One outcome per run: "nothing to do" only for a run that succeeded without writes; a run
  // that did not happen (another one holds the team) or failed shows only what it did write.
  const succeeded = run.state === 'succeeded';
  if (succeeded || Object.keys(run.counts).length > 0) for (const line of countsTable(run.counts)) ctx.io.out(line);
  const record = await sync.service.getRunRecord(run.id);
  for (const f of record?.fixed ?? []) ctx.io.out(`fixed: ${f.fix} ${f.entityType} ${f.wfmId ?? ''} ${f.shiftsId ?? ''}`.trimEnd());
  const line = `Run ${run.id}: ${run.state}${run.error ? ` (${run.error})` : ''}`;
  if (succeeded) ctx.io.out(line);
  else ctx.io.err(line);
  return succeeded ? 0 : 1;
}

export function countsTable(counts: Record<string, Record<string, number>>): string[] {
  const ops = ['created', 'updated', 'deleted', 'unchanged', 'failed'];
  const rows = Object.entries(counts).map(([type, c]) => [type, ...ops.map((o) => String(c[o] ?? 0))]);
  if (rows.length === 0) return ['Nothing to do: Shifts already matches the WFM.'];
  return table([['entity', ...ops], ...rows]);
}

/** `status`: every mapped team's health, last and next sync, freshness and open failures (`--json`: the same, freshness per team included). */
export async function statusCommand(ctx: CliContext, opts: { json?: boolean } = {}): Promise<number> {
  const sync = await ctx.sync();
  const statuses = await sync.service.teamStatuses();
  if (opts.json) {
    const failures = await sync.service.listFailures({ state: ['open', 'retrying'] });
    ctx.io.out(JSON.stringify({ teams: statuses, failures }));
    return statuses.some((s) => s.health === 'failing') ? 1 : 0;
  }
  if (statuses.length === 0) {
    ctx.io.out('No team is mapped yet.');
    return 0;
  }
  const rows = statuses.map((s) => [
    s.teamName,
    s.teamId,
    s.health,
    s.lastSyncAt ?? 'never',
    String(Object.values(s.entitiesSynced).reduce((a, b) => a + b, 0)),
    String(s.openFailures),
    s.healthReason ?? '',
  ]);
  for (const line of table([['team', 'id', 'health', 'last sync', 'synced', 'failures', 'reason'], ...rows])) ctx.io.out(line);
  for (const s of statuses) if (s.syncModes) ctx.io.out(`modes ${s.teamId}: ${describeModes(s.syncModes)}`);
  for (const s of statuses) ctx.io.out(`freshness ${s.teamId}: ${describeLag(s.freshness)}; ${describeOldestWaiting(s.freshness, s.timeZone)}`);
  const failing = await sync.service.listFailures({ state: ['open', 'retrying'] });
  for (const f of failing.slice(0, 20)) {
    ctx.io.out(`failure ${f.id}: ${f.entityType} ${f.wfmId ?? f.shiftsId ?? ''} ${f.operation} ${f.errorCode} (${f.attempts} attempts) ${f.errorMessage}`);
  }
  return statuses.some((s) => s.health === 'failing') ? 1 : 0;
}

/** `retry --failure <id>` or `retry --team <id>`. */
export async function retryCommand(ctx: CliContext, opts: { teamId?: string; failureId?: string }): Promise<number> {
  const sync = await ctx.sync();
  if (opts.failureId) {
    const r = await sync.service.retryFailure(opts.failureId);
    if (!r.ok) {
      ctx.io.err(`${r.error.code}: ${r.error.message}`);
      return 1;
    }
    ctx.io.out(`Failure ${r.value.id}: ${r.value.state}${r.value.state === 'resolved' ? '' : ` (${r.value.errorCode}: ${r.value.errorMessage})`}`);
    return r.value.state === 'resolved' ? 0 : 1;
  }
  if (!opts.teamId) {
    ctx.io.err('retry needs --team <id> or --failure <id>');
    return 2;
  }
  const r = await sync.service.retryAll(opts.teamId);
  if (!r.ok) {
    ctx.io.err(`${r.error.code}: ${r.error.message}`);
    return 1;
  }
  ctx.io.out(`Retried ${r.value.retried}: ${r.value.resolved} resolved, ${r.value.stillFailing} still failing.`);
  return r.value.stillFailing === 0 ? 0 : 1;
}

/** `enable --team <id>`: makes the team's schedule use this deployment's workforce integration. */
export async function enableCommand(ctx: CliContext, teamId: string): Promise<number> {
  const sync = await ctx.sync();
  const app = await ctx.app();
  const team = await getTeamMapping(app.store, teamId);
  if (!team) {
    ctx.io.err(`Team ${teamId} is not mapped (its time zone comes from the mapping).`);
    return 1;
  }
  if (!ctx.config.wfi.id) {
    ctx.io.err('WFI_ID is not set: register the workforce integration first (register).');
    return 1;
  }
  const r = await ensureSchedule(sync.graph, teamId, { wfiId: ctx.config.wfi.id, timeZone: team.timeZone, clock: systemClock });
  if (!r.ok) {
    ctx.io.err(`Could not enable the integration on team ${teamId}: ${r.error.code}: ${r.error.message}`);
    return 1;
  }
  ctx.io.out(r.value.changed ? `Enabled workforce integration ${ctx.config.wfi.id} on team ${teamId} (time zone ${r.value.timeZone}).` : `Team ${teamId} already uses workforce integration ${ctx.config.wfi.id}.`);
  return 0;
}
