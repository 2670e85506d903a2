/**
 * Sync run records: one row per run of one team, with counts per entity type and operation.
 * The lifecycle is data; every state change is checked against it.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../store/index.ts';
import type { SyncRunState, SyncRunSummary } from './service.ts';

export const RUN_TRANSITIONS: Record<SyncRunState, readonly SyncRunState[]> = {
  queued: ['running', 'failed'],
  running: ['succeeded', 'partial', 'failed'],
  succeeded: [],
  partial: [],
  failed: [],
};

export type RunKind = SyncRunSummary['kind'];
export type Counts = Record<string, Record<string, number>>;

/** What a reconcile healed, for the run report. */
export interface FixedItem {
  entityType: string;
  wfmId: string | null;
  shiftsId: string | null;
  /** `recreated` (missing in Shifts), `rewritten` (changed in Shifts), `removed` (not in the WFM), `adopted`. */
  fix: 'recreated' | 'rewritten' | 'removed' | 'adopted';
}

interface RunRow {
  id: string;
  team_id: string;
  kind: RunKind;
  state: SyncRunState;
  started_at: Date;
  finished_at: Date | null;
  counts: Counts;
  fixed: FixedItem[];
  error: string | null;
}

export type RunRecord = SyncRunSummary & { fixed: FixedItem[] };

function toRun(r: RunRow): RunRecord {
  return {
    id: r.id,
    teamId: r.team_id,
    kind: r.kind,
    state: r.state,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    counts: r.counts,
    error: r.error,
    fixed: r.fixed,
  };
}

export function addCount(counts: Counts, entityType: string, op: string, n = 1): void {
  const byOp = (counts[entityType] ??= {});
  byOp[op] = (byOp[op] ?? 0) + n;
}

/** Records a run (idempotent for a given id: the job worker and the sender may both call it). */
export async function createRun(q: Queryable, teamId: string, kind: RunKind, state: 'queued' | 'running' = 'queued', id: string = randomUUID()): Promise<string> {
  await q.query(`INSERT INTO sync_runs (id, team_id, kind, state) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [id, teamId, kind, state]);
  return id;
}

/** Moves a run along its lifecycle; throws on an illegal transition (a programmer error). */
export async function transitionRun(
  q: Queryable,
  id: string,
  to: SyncRunState,
  patch: { counts?: Counts; fixed?: FixedItem[]; error?: string | null; kind?: RunKind } = {},
): Promise<void> {
  const rows = await q.query<{ state: SyncRunState }>(`SELECT state FROM sync_runs WHERE id = $1 FOR UPDATE`, [id]);
  const from = rows[0]?.state;
  if (!from) throw new Error(`sync run ${id} does not exist`);
  if (from !== to && !RUN_TRANSITIONS[from].includes(to)) throw new Error(`sync run ${id}: illegal transition ${from} -> ${to}`);
  const done = to === 'succeeded' || to === 'partial' || to === 'failed';
  await q.query(
    `UPDATE sync_runs SET state = $2,
       counts = COALESCE($3::jsonb, counts), fixed = COALESCE($4::jsonb, fixed), error = COALESCE($5, error),
       kind = COALESCE($6, kind),
       started_at = CASE WHEN $2 = 'running' THEN now() ELSE started_at END,
       finished_at = CASE WHEN $7 THEN now() ELSE finished_at END
     WHERE id = $1`,
    [
      id,
      to,
      patch.counts ? JSON.stringify(patch.counts) : null,
      patch.fixed ? JSON.stringify(patch.fixed) : null,
      patch.error ?? null,
      patch.kind ?? null,
      done,
    ],
  );
}

export async function getRun(q: Queryable, id: string): Promise<RunRecord | undefined> {
  const rows = await q.query<RunRow>(`SELECT * FROM sync_runs WHERE id = $1`, [id]);
  return rows[0] ? toRun(rows[0]) : undefined;
}

export async function listRuns(q: Queryable, teamId: string, days: number): Promise<RunRecord[]> {
  const rows = await q.query<RunRow>(
    `SELECT * FROM sync_runs WHERE team_id = $1 AND started_at > now() - ($2::int * interval '1 day') ORDER BY started_at DESC LIMIT 500`,
    [teamId, days],
  );
  return rows.map(toRun);
}

/** Runs left `running` by a process that died: closed as failed so status stays truthful. */
export async function failStaleRuns(q: Queryable, teamId: string, exceptId: string): Promise<void> {
  await q.query(
    `UPDATE sync_runs SET state = 'failed', finished_at = now(), error = 'interrupted (the process stopped during the run); the next run resumed it'
     WHERE team_id = $1 AND state = 'running' AND id <> $2`,
    [teamId, exceptId],
  );
}
