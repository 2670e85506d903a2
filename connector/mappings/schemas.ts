import { z } from 'zod';
import { isValidTimeZone } from '../wfm/time.ts';
import { syncModesSchema } from './modes.ts';

/** Entity types the connector keeps id mappings for: the contract's `WfmEntityType`. */
export const entityTypeSchema = z.enum(['shift', 'openShift', 'timeOff', 'request', 'timeOffReason', 'job', 'employee']);

/** Teams team ↔ WFM team (site), with the zone day/week rules use and who to act as. */
export const teamMappingSchema = z.object({
  /** Teams team (Microsoft 365 group) id. */
  teamId: z.string().trim().min(1),
  wfmTeamId: z.string().trim().min(1),
  /** IANA time zone, e.g. `Europe/London`. */
  timeZone: z.string().trim().refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/London' }),
  /** Entra object id of the owner the connector acts as in Shifts (null: app-only). */
  ownerUserId: z.string().trim().min(1).nullable(),
  /** Entra object ids that receive bot alerts and see the team in the tab. */
  managerUserIds: z.array(z.string().trim().min(1)),
  enabled: z.boolean(),
  /** Per-kind sync mode overrides; kinds not set follow the deployment's SYNC_MODE. */
  syncModes: syncModesSchema.optional(),
});
export type TeamMapping = z.infer<typeof teamMappingSchema>;

/** Entra user ↔ WFM employee. */
export const userMappingSchema = z.object({
  /** Entra object id. */
  userId: z.string().trim().min(1),
  wfmEmployeeId: z.string().trim().min(1),
  displayName: z.string().nullable(),
  upn: z.string().nullable(),
});
export type UserMapping = z.infer<typeof userMappingSchema>;

/** Shifts id ↔ WFM id for one entity in one team, with what the sync engine last wrote. */
export const entityMappingSchema = z.object({
  teamId: z.string().min(1),
  entityType: entityTypeSchema,
  wfmId: z.string().min(1),
  shiftsId: z.string().min(1),
  /** Hash of the content last written to Shifts (idempotent writes). */
  contentHash: z.string().nullable(),
  /** WFM version (eTag) last synced. */
  wfmVersion: z.string().nullable(),
  updatedAt: z.string(),
});
export type EntityMapping = z.infer<typeof entityMappingSchema>;

/** Input of `upsertEntityMapping`: omitted `contentHash`/`wfmVersion` keep their stored values. */
export const entityMappingInputSchema = entityMappingSchema
  .omit({ contentHash: true, wfmVersion: true, updatedAt: true })
  .extend({ contentHash: z.string().nullable().optional(), wfmVersion: z.string().nullable().optional() });
export type EntityMappingInput = z.infer<typeof entityMappingInputSchema>;

/** Expected failures of mapping writes. */
export interface MappingError {
  code: 'DUPLICATE_WFM_TEAM' | 'DUPLICATE_EMPLOYEE' | 'INVALID_MAPPING';
  message: string;
}
