/**
 * Shapes shared by several endpoints of the tab's API. Contracts import only zod: the React
 * code imports them too, so no Node module may appear here.
 */
import { z } from 'zod';

/** The single error body of every `/api/tab/*` answer that is not 2xx. */
export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** Ids in paths: opaque, but bounded so nothing odd reaches a query. */
export const idSchema = z.string().trim().min(1).max(200);

/** An instant in UTC (ISO 8601). The client converts to the team's zone at the edge. */
export const isoSchema = z.string();

