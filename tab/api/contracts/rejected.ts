import { z } from 'zod';
import { idSchema, isoSchema } from './common.ts';

/** `GET /api/tab/rejected?teamId`: Shifts changes the WFM rejected (the webhook's audit). */
export const rejectedEndpoint = { method: 'GET', path: '/api/tab/rejected' } as const;

export const rejectedQuerySchema = z.object({ teamId: idSchema.optional() }).strict();
export type RejectedQuery = z.infer<typeof rejectedQuerySchema>;

export const rejectedChangeSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  at: isoSchema,
  /** Shifts entity type (`shift`, `timeOffRequest`, ...). */
  entityType: z.string(),
  operation: z.string(),
  ruleCode: z.string(),
  message: z.string(),
  /** Who tried: Entra object id and, when mapped, their name. */
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
});
export type RejectedChange = z.infer<typeof rejectedChangeSchema>;

export const rejectedResponseSchema = z.object({ changes: z.array(rejectedChangeSchema) });
export type RejectedResponse = z.infer<typeof rejectedResponseSchema>;
