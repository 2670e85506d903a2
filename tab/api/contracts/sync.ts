import { z } from 'zod';
import { isoSchema } from './common.ts';

/** `POST /api/tab/teams/:teamId/sync`: queues a sync of one team now. */
export const syncNowEndpoint = { method: 'POST', path: '/api/tab/teams/:teamId/sync' } as const;
export const syncNowPath = (teamId: string) => `/api/tab/teams/${encodeURIComponent(teamId)}/sync`;

export const syncNowResponseSchema = z.object({ runId: z.string() });
export type SyncNowResponse = z.infer<typeof syncNowResponseSchema>;

/** `GET /api/tab/runs/:runId`: one sync run, to follow its progress. */
export const runEndpoint = { method: 'GET', path: '/api/tab/runs/:runId' } as const;
export const runPath = (runId: string) => `/api/tab/runs/${encodeURIComponent(runId)}`;

export const runStateSchema = z.enum(['queued', 'running', 'succeeded', 'partial', 'failed']);
export type RunState = z.infer<typeof runStateSchema>;
/** States after which a run no longer changes. */
export const FINAL_RUN_STATES: readonly RunState[] = ['succeeded', 'partial', 'failed'];

export const runResponseSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  kind: z.enum(['initial', 'incremental', 'reconcile', 'manual']),
  state: runStateSchema,
  startedAt: isoSchema,
  finishedAt: isoSchema.nullable(),
  counts: z.record(z.string(), z.record(z.string(), z.number())),
  error: z.string().nullable(),
});
export type RunResponse = z.infer<typeof runResponseSchema>;
