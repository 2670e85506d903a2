/**
 * Contracts of the tab's calendar endpoints (`/api/tab/calendar/*`). zod only: the tab's React
 * code imports them too.
 */
import { z } from 'zod';
import { calendarLinkSchema } from './link-schema.ts';

export { calendarLinkSchema, type CalendarLink } from './link-schema.ts';

const employeeIdSchema = z.string().trim().min(1).max(200);

/** `GET /api/tab/calendar/links`: your links, or (for a manager) a worker's of your team. */
export const listLinksEndpoint = { method: 'GET', path: '/api/tab/calendar/links' } as const;
export const listLinksQuerySchema = z.object({ employeeId: employeeIdSchema.optional() }).strict();
export const listLinksResponseSchema = z.object({ employeeId: z.string(), links: z.array(calendarLinkSchema) });

/** `POST /api/tab/calendar/links`: a new link; its URL is returned this once. */
export const createLinkEndpoint = { method: 'POST', path: '/api/tab/calendar/links', bodyLimit: 4096 } as const;
export const createLinkBodySchema = z
  .object({
    employeeId: employeeIdSchema.optional(),
    /** Lifetime in days; absent: the deployment's default (CALENDAR_LINK_TTL_DAYS). */
    ttlDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

/** A link with its subscription URLs: only in the answers to create and rotate. */
export const issuedLinkResponseSchema = z.object({
  link: calendarLinkSchema,
  /** https URL to paste into Outlook, Google or Apple Calendar ("subscribe from web"). */
  url: z.string(),
  /** The same feed as a `webcal://` URL, which opens the calendar app directly. */
  webcalUrl: z.string(),
});
export type IssuedLinkResponse = z.infer<typeof issuedLinkResponseSchema>;

/** `POST /api/tab/calendar/links/:linkId/rotate`: new link, old one disabled. */
export const rotateLinkEndpoint = { method: 'POST', path: '/api/tab/calendar/links/:linkId/rotate', bodyLimit: 1024 } as const;

/** `DELETE /api/tab/calendar/links/:linkId`: disable a link. */
export const revokeLinkEndpoint = { method: 'DELETE', path: '/api/tab/calendar/links/:linkId' } as const;
export const revokeLinkResponseSchema = z.object({ link: calendarLinkSchema });
