import { z } from 'zod';

export const linkStatusSchema = z.enum(['active', 'revoked', 'expired']);

/** A link as shown to its owner or a manager: never the token or its hash. */
export const calendarLinkSchema = z.object({
  id: z.string(),
  employeeId: z.string(),
  status: linkStatusSchema,
  createdAt: z.string(),
  createdByUserId: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** Set on a link disabled by rotation: the link that replaced it. */
  replacedBy: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type CalendarLink = z.infer<typeof calendarLinkSchema>;
