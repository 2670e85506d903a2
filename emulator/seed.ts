import { z } from 'zod';
import { emptyCollections, type EmulatorState, type GraphObject } from './state.ts';

const userSeed = z.object({
  id: z.string().min(1),
  displayName: z.string().min(1),
  userPrincipalName: z.string().min(1),
  mail: z.string().optional(),
  /** A Global Administrator: may manage workforce integrations with a delegated (device-code) token. */
  admin: z.boolean().default(false),
});

const teamSeed = z.object({
  id: z.string().min(1),
  displayName: z.string().min(1),
  description: z.string().default(''),
  ownerIds: z.array(z.string()).min(1),
  memberIds: z.array(z.string()).default([]),
  /** Create the team's schedule (enabled, in this zone), as a team already using Shifts. */
  schedule: z.object({ timeZone: z.string().min(1) }).optional(),
});

/** Directory data the emulator starts with: users and teams (Entra ids). */
export const seedSchema = z.object({
  users: z.array(userSeed).default([]),
  teams: z.array(teamSeed).default([]),
});
export type SeedInput = z.input<typeof seedSchema>;

/** Adds or replaces users and teams; schedules of teams that already exist are kept. */
export function applySeed(state: EmulatorState, input: SeedInput): void {
  const seed = seedSchema.parse(input);
  for (const u of seed.users) state.users.set(u.id, { ...u, mail: u.mail ?? u.userPrincipalName });
  for (const t of seed.teams) {
    for (const id of [...t.ownerIds, ...t.memberIds]) {
      if (!state.users.has(id)) throw new Error(`Seed: team ${t.id} refers to unknown user ${id}.`);
    }
    const previous = state.teams.get(t.id);
    let schedule = previous?.schedule;
    if (!schedule && t.schedule) {
      const props: GraphObject = {
        id: t.id,
        enabled: true,
        timeZone: t.schedule.timeZone,
        provisionStatus: 'Completed',
        provisionStatusCode: null,
        workforceIntegrationIds: [],
        openShiftsEnabled: true,
        swapShiftsRequestsEnabled: true,
        offerShiftRequestsEnabled: true,
        timeOffRequestsEnabled: true,
        timeClockEnabled: false,
        timeClockSettings: null,
        startDayOfWeek: 'sunday',
        isActivitiesIncludedWhenCopyingShiftsEnabled: false,
      };
      schedule = { props, collections: emptyCollections() };
    }
    state.teams.set(t.id, {
      id: t.id,
      displayName: t.displayName,
      description: t.description,
      ownerIds: t.ownerIds,
      memberIds: t.memberIds,
      schedule,
    });
  }
}
