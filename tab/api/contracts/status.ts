import { z } from 'zod';
import { isoSchema } from './common.ts';

/** `GET /api/tab/status`: sync status of every team the signed-in manager owns. */
export const statusEndpoint = { method: 'GET', path: '/api/tab/status' } as const;

export const teamHealthSchema = z.enum(['healthy', 'degraded', 'failing']);
export type TeamHealthValue = z.infer<typeof teamHealthSchema>;

/** One day of the 7-day chart: how many sync runs ended in each outcome. */
export const dayOutcomesSchema = z.object({
  /** Local date `YYYY-MM-DD` in the team's zone. */
  day: z.string(),
  succeeded: z.number().int().nonnegative(),
  partial: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type DayOutcomes = z.infer<typeof dayOutcomesSchema>;

export const teamStatusSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  timeZone: z.string(),
  health: teamHealthSchema,
  healthReason: z.string().nullable(),
  lastSyncAt: isoSchema.nullable(),
  nextSyncAt: isoSchema.nullable(),
  entitiesSynced: z.record(z.string(), z.number()),
  openFailures: z.number().int().nonnegative(),
  rejectedLast24h: z.number().int().nonnegative(),
  /** Lag from a WFM change to its Shifts write: last hour's p50/p95, and the oldest change still waiting. */
  freshness: z.object({
    p50Seconds: z.number().nullable(),
    p95Seconds: z.number().nullable(),
    samples: z.number().int().nonnegative(),
    oldestUnsyncedAt: isoSchema.nullable(),
  }),
  /** Oldest day first, 7 entries. */
  outcomes7d: z.array(dayOutcomesSchema),
});
export type TeamStatus = z.infer<typeof teamStatusSchema>;

export const statusResponseSchema = z.object({ teams: z.array(teamStatusSchema) });
export type StatusResponse = z.infer<typeof statusResponseSchema>;
