import { z } from 'zod';

/** `GET /api/tab/me`: who is signed in and which teams they manage. */
export const meEndpoint = { method: 'GET', path: '/api/tab/me' } as const;

export const managedTeamSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  /** IANA zone the team's schedule lives in. */
  timeZone: z.string(),
});
export type ManagedTeam = z.infer<typeof managedTeamSchema>;

export const meResponseSchema = z.object({
  userId: z.string(),
  displayName: z.string().nullable(),
  localMode: z.boolean(),
  teams: z.array(managedTeamSchema),
});
export type MeResponse = z.infer<typeof meResponseSchema>;
