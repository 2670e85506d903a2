import { type Router } from '../http/router.ts';
import { notFound } from '../http/types.ts';
import type { EmulatedTeam, EmulatedUser, GraphObject } from '../state.ts';
import { findTeam, type GraphCall } from './call.ts';
import { ok, page, single } from './odata.ts';

export function userJson(u: EmulatedUser): GraphObject {
  return { id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName, mail: u.mail };
}

export function teamJson(t: EmulatedTeam): GraphObject {
  return { id: t.id, displayName: t.displayName, description: t.description, isArchived: false, webUrl: null };
}

function memberJson(call: GraphCall, team: EmulatedTeam, userId: string): GraphObject {
  const u = call.emu.state.users.get(userId);
  return {
    '@odata.type': '#microsoft.graph.aadUserConversationMember',
    id: `${team.id}_${userId}`,
    roles: team.ownerIds.includes(userId) ? ['owner'] : [],
    displayName: u?.displayName ?? null,
    userId,
    email: u?.mail ?? null,
    tenantId: call.emu.settings.tenantId,
  };
}

/** Teams, their members and owners, and users: read-only directory data the seed provides. */
export function teamRoutes(r: Router<GraphCall>): void {
  r.add('GET', '/teams/:teamId', (req, p, call) => ok(single(req, call, teamJson(findTeam(call, p.teamId!)), 'teams')));
  r.add('GET', '/teams/:teamId/members', (req, p, call) => {
    const team = findTeam(call, p.teamId!);
    const ids = [...new Set([...team.ownerIds, ...team.memberIds])];
    return { status: 200, json: page(req, call, ids.map((id) => memberJson(call, team, id)), call.emu.settings.pageSize, `teams('${team.id}')/members`) };
  });
  r.add('GET', '/groups/:groupId/owners', (req, p, call) => {
    const team = findTeam(call, p.groupId!);
    const owners = team.ownerIds.flatMap((id) => {
      const u = call.emu.state.users.get(id);
      return u ? [{ '@odata.type': '#microsoft.graph.user', ...userJson(u) }] : [];
    });
    return { status: 200, json: page(req, call, owners, call.emu.settings.pageSize, 'directoryObjects') };
  });
  r.add('GET', '/groups/:groupId/members', (req, p, call) => {
    const team = findTeam(call, p.groupId!);
    const ids = [...new Set([...team.ownerIds, ...team.memberIds])];
    const users = ids.flatMap((id) => {
      const u = call.emu.state.users.get(id);
      return u ? [{ '@odata.type': '#microsoft.graph.user', ...userJson(u) }] : [];
    });
    return { status: 200, json: page(req, call, users, call.emu.settings.pageSize, 'directoryObjects') };
  });
  r.add('GET', '/groups', (req, _p, call) => ({
    status: 200,
    json: page(
      req,
      call,
      [...call.emu.state.teams.values()].map((t) => ({ ...teamJson(t), resourceProvisioningOptions: ['Team'] })),
      call.emu.settings.pageSize,
      'groups',
    ),
  }));
  r.add('GET', '/users/:userId', (req, p, call) => {
    const u =
      call.emu.state.users.get(p.userId!) ??
      [...call.emu.state.users.values()].find((x) => x.userPrincipalName.toLowerCase() === p.userId!.toLowerCase());
    if (!u) throw notFound(`Resource '${p.userId}' does not exist or one of its queried reference-property objects are not present.`);
    return ok(single(req, call, userJson(u), 'users'));
  });
  r.add('GET', '/users/:userId/joinedTeams', (req, p, call) => {
    const teams = [...call.emu.state.teams.values()].filter((t) => t.ownerIds.includes(p.userId!) || t.memberIds.includes(p.userId!));
    return { status: 200, json: page(req, call, teams.map(teamJson), call.emu.settings.pageSize, 'teams') };
  });
}
