import { z } from 'zod';
import { SYNC_ENTITY_KINDS, SYNC_MODES } from '../../../connector/mappings/modes.ts';
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

/** How one kind of item syncs for the team, and whether the team set it or it follows the deployment. */
export const kindModeSchema = z.object({
  kind: z.enum(SYNC_ENTITY_KINDS),
  mode: z.enum(SYNC_MODES),
  source: z.enum(['team', 'global']),
});
export type KindMode = z.infer<typeof kindModeSchema>;

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
  /** Effective sync mode of every entity kind (empty until the team is known to the sync). */
  syncModes: z.array(kindModeSchema),
});
export type TeamStatus = z.infer<typeof teamStatusSchema>;

export const statusResponseSchema = z.object({ teams: z.array(teamStatusSchema) });
export type StatusResponse = z.infer<typeof statusResponseSchema>;
