import type { DelegatedCaller } from '../auth/delegated.ts';
import type { EmulatorContext } from '../context.ts';
import { notFound } from '../http/types.ts';
import type { Actor, WriteContext } from '../shifts/commit.ts';
import type { EmulatedSchedule, EmulatedTeam } from '../state.ts';
import type { Versioned } from './odata.ts';

/** One authenticated Graph call (top-level or a `$batch` item). */
export interface GraphCall extends Versioned {
  emu: EmulatorContext;
  /** `appid` of the bearer token. */
  appId: string;
  /** The caller's `X-MS-WFMPassthrough` header. */
  passthrough: string | undefined;
  /** `Prefer: include-unknown-enum-members`. */
  optIn: boolean;
  /** The signed-in user of a delegated token; undefined for app tokens. */
  user: DelegatedCaller | undefined;
}

export function findTeam(call: GraphCall, teamId: string): EmulatedTeam {
  const team = call.emu.state.teams.get(teamId);
  if (!team) throw notFound(`No team found with Group Id ${teamId}`);
  return team;
}

export function findSchedule(call: GraphCall, teamId: string): { team: EmulatedTeam; schedule: EmulatedSchedule } {
  const team = findTeam(call, teamId);
  if (!team.schedule) throw notFound(`Schedule for team '${teamId}' was not found. Create it with PUT /teams/${teamId}/schedule.`);
  return { team, schedule: team.schedule };
}

export function appActor(call: GraphCall): Actor {
  return { kind: 'application', id: call.appId, displayName: call.appId };
}

/** Who a write is recorded as: the signed-in user of a delegated token, else the application. */
export function callerActor(call: GraphCall): Actor {
  if (!call.user) return appActor(call);
  const u = call.emu.state.users.get(call.user.id);
  return { kind: 'user', id: call.user.id, displayName: u?.displayName ?? call.user.id };
}

export function writeContext(call: GraphCall, teamId: string): WriteContext {
  const { team, schedule } = findSchedule(call, teamId);
  return { emu: call.emu, team, schedule, actor: appActor(call), passthrough: call.passthrough };
}
