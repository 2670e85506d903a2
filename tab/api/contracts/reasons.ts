import { z } from 'zod';

/** `GET /api/tab/teams/:teamId/members`: the team's people in the WFM, to pick one. */
export const membersEndpoint = { method: 'GET', path: '/api/tab/teams/:teamId/members' } as const;
export const membersPath = (teamId: string) => `/api/tab/teams/${encodeURIComponent(teamId)}/members`;

export const memberSchema = z.object({ employeeId: z.string(), displayName: z.string() });
export type Member = z.infer<typeof memberSchema>;
export const membersResponseSchema = z.object({ members: z.array(memberSchema) });
export type MembersResponse = z.infer<typeof membersResponseSchema>;

/**
 * `GET /api/tab/teams/:teamId/members/:employeeId/time-off-reasons`: the reasons the WFM lets
 * this person use (the same answer Shifts gets from `/read`), and why not for the others.
 */
export const reasonsEndpoint = {
  method: 'GET',
  path: '/api/tab/teams/:teamId/members/:employeeId/time-off-reasons',
} as const;
export const reasonsPath = (teamId: string, employeeId: string) =>
  `/api/tab/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(employeeId)}/time-off-reasons`;

export const reasonSchema = z.object({
  id: z.string(),
  name: z.string(),
  iconType: z.string(),
  paid: z.boolean(),
});
export type Reason = z.infer<typeof reasonSchema>;

export const reasonsResponseSchema = z.object({
  eligible: z.array(reasonSchema),
  ineligible: z.array(z.object({ reason: reasonSchema, code: z.string(), message: z.string() })),
});
export type ReasonsResponse = z.infer<typeof reasonsResponseSchema>;
