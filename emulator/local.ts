import { DEMO_EMPLOYEES, DEMO_MANAGERS, DEMO_TEAMS, DEMO_TENANT_ID } from '../connector/wfm/embedded/demo.ts';
import { createEmulator, type Emulator } from './emulator.ts';
import type { EmulatorOptions } from './options.ts';
import { ELIGIBILITY_ENTITIES, SUPPORTED_ENTITIES, parseFlags } from './graph/enums.ts';
import type { SeedInput } from './seed.ts';

/**
 * The demo tenant's Global Administrator: signs in to `register` with the device-code flow
 * (approve the code as this user on the emulator's `/devicelogin` page). Not a team member.
 */
export const DEMO_ADMIN = {
  id: 'a9e3d5c7-0000-4b1d-8e2f-3a4b5c6d7e01',
  displayName: 'Contoso Admin',
  userPrincipalName: 'admin@contoso.example',
  admin: true,
} as const;

/**
 * Teams and Entra users matching the embedded WFM's demo stores: one team per store with
 * its manager as owner and its employees as members, and a schedule in the store's zone
 * (as for a team already using Shifts; the connector replaces it when enabling itself),
 * plus the tenant's administrator (`DEMO_ADMIN`).
 */
export function demoSeed(): SeedInput {
  return {
    users: [
      { ...DEMO_ADMIN },
      ...DEMO_MANAGERS.map((m) => ({ id: m.userId, displayName: m.displayName, userPrincipalName: m.upn })),
      ...DEMO_EMPLOYEES.map((e) => ({ id: e.userId, displayName: e.displayName, userPrincipalName: e.upn })),
    ],
    teams: DEMO_TEAMS.map((t) => ({
      id: t.teamsTeamId,
      displayName: t.name,
      description: `Demo store ${t.wfmTeamId}`,
      ownerIds: [t.ownerUserId],
      memberIds: [
        ...t.managerUserIds.filter((id) => id !== t.ownerUserId),
        ...DEMO_EMPLOYEES.filter((e) => e.wfmTeamId === t.wfmTeamId).map((e) => e.userId),
      ],
      schedule: { timeZone: t.timeZone },
    })),
  };
}

export interface LocalEmulatorInput {
  port: number;
  host?: string;
  /** The connector's client id and secret (local mode generates them). */
  clientId: string;
  clientSecret: string;
  /** Where to keep the emulator's state across restarts (e.g. `data/emulator-state.json`). */
  statePath?: string;
  /** The tenant to act as (the connector's `TENANT_ID`); default the demo tenant. */
  tenantId?: string;
  options?: EmulatorOptions;
}

/** Starts the emulator for `npm start` in local mode: demo tenant, demo teams, the connector's client. */
export async function startLocalEmulator(input: LocalEmulatorInput): Promise<Emulator> {
  const emu = await createEmulator({
    // The connector's TENANT_ID when set: /connect, tokens and callbacks carry the tenant the
    // connector expects, so local mode works with any tenant id.
    tenantId: input.tenantId ?? DEMO_TENANT_ID,
    ...input.options,
    ...(input.statePath ? { statePath: input.statePath } : {}),
    clients: [{ clientId: input.clientId, clientSecret: input.clientSecret }],
  });
  emu.seed(demoSeed());
  await emu.listen(input.port, input.host ?? '127.0.0.1');
  return emu;
}

export interface LocalIntegrationInput {
  /** Base URL Shifts calls, e.g. `http://127.0.0.1:3978/wfi` (then `/v1/connect`, ...). */
  url: string;
  /** The 64-character shared secret. */
  secret: string;
  /** Keep the connector's own workforce-integration id (`WFI_ID`) instead of a generated one. */
  id?: string;
  supportedEntities?: string;
  eligibilityFilteringEnabledEntities?: string;
  /** Teams to enable it on; default: every seeded team. */
  teamIds?: string[];
}

const DEFAULT_SUPPORTED = 'Shift,SwapRequest,OpenShift,OpenShiftRequest,OfferShiftRequest,TimeOffRequest,TimeOff,TimeOffReason';
const DEFAULT_ELIGIBILITY = 'SwapRequest,TimeOffReason';

/**
 * Records the integration as already registered (as an administrator would have done before
 * the connector first runs) and enables it on the teams' schedules, without calling the
 * connector: local mode does this before the app starts, so its first sync finds the
 * integration. `registerLocalIntegration` then re-registers it once the app listens.
 */
export function preregisterLocalIntegration(emu: Emulator, input: LocalIntegrationInput & { id: string }): void {
  if (input.secret.length !== 64) throw new Error('The workforce-integration secret must be 64 characters.');
  const now = new Date().toISOString();
  const existing = emu.state.integrations.get(input.id);
  emu.state.integrations.set(input.id, {
    secret: input.secret,
    props: {
      ...existing?.props,
      id: input.id,
      displayName: 'Shifts connector (local)',
      apiVersion: 1,
      isActive: true,
      url: input.url,
      supportedEntities: parseFlags(input.supportedEntities ?? DEFAULT_SUPPORTED, SUPPORTED_ENTITIES, true, 'supportedEntities'),
      eligibilityFilteringEnabledEntities: parseFlags(
        input.eligibilityFilteringEnabledEntities ?? DEFAULT_ELIGIBILITY,
        ELIGIBILITY_ENTITIES,
        true,
        'eligibilityFilteringEnabledEntities',
      ),
      createdDateTime: existing?.props.createdDateTime ?? now,
      lastModifiedDateTime: now,
    },
  });
  for (const teamId of input.teamIds ?? [...emu.state.teams.keys()]) {
    const schedule = emu.state.teams.get(teamId)?.schedule;
    if (schedule) schedule.props = { ...schedule.props, enabled: true, workforceIntegrationIds: [input.id] };
  }
}

/**
 * Registers the connector as workforce integration and enables it on the teams' schedules,
 * through the emulator's own Graph API (so `/connect` is called like in a tenant). The
 * connector must already be listening. Returns the integration id.
 */
export async function registerLocalIntegration(emu: Emulator, input: LocalIntegrationInput): Promise<string> {
  const client = emu.settings.clients[0];
  if (!client) throw new Error('The emulator has no client configured.');
  const tokenRes = await fetch(`${emu.url}/${emu.settings.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        prefer: 'include-unknown-enum-members',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown> & { error?: { message: string } };
    if (!res.ok) throw new Error(`${method} ${path}: ${json.error?.message ?? res.status}`);
    return json;
  };
  const registration = {
    displayName: 'Shifts connector (local)',
    apiVersion: 1,
    isActive: true,
    url: input.url,
    encryption: { protocol: 'sharedSecret', secret: input.secret },
    supportedEntities: input.supportedEntities ?? DEFAULT_SUPPORTED,
    eligibilityFilteringEnabledEntities: input.eligibilityFilteringEnabledEntities ?? DEFAULT_ELIGIBILITY,
  };
  let id: string;
  if (input.id && emu.state.integrations.has(input.id)) {
    // Kept from an earlier run (statePath): update it, which calls /connect again.
    await call('PATCH', `/beta/teamwork/workforceIntegrations/${encodeURIComponent(input.id)}`, registration);
    id = input.id;
  } else {
    const created = await call('POST', '/beta/teamwork/workforceIntegrations', registration);
    id = String(created.id);
    if (input.id && input.id !== id) {
      // Local mode generates WFI_ID before registration; keep the connector's id.
      const wfi = emu.state.integrations.get(id)!;
      emu.state.integrations.delete(id);
      wfi.props.id = input.id;
      emu.state.integrations.set(input.id, wfi);
      id = input.id;
    }
  }
  for (const teamId of input.teamIds ?? [...emu.state.teams.keys()]) {
    const schedule = await call('GET', `/v1.0/teams/${teamId}/schedule`);
    const keep: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schedule)) if (!k.startsWith('@odata') && !['id', 'provisionStatus', 'provisionStatusCode'].includes(k)) keep[k] = v;
    await call('PUT', `/v1.0/teams/${teamId}/schedule`, { ...keep, enabled: true, workforceIntegrationIds: [id] });
  }
  return id;
}
