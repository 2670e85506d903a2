/**
 * A connector wired to a real emulator on loopback: the app (real store, jobs, HTTP, webhook)
 * with Graph and the authority pointing at the emulator, the embedded WFM seeded with the
 * demo, team and user mappings written, and the connector registered as workforce
 * integration (so every Graph write calls the connector's webhook back, as in a tenant).
 */
import { createEmulator, demoSeed, registerLocalIntegration, type Emulator, type EmulatorOptions } from '../../../emulator/index.ts';
import { upsertTeamMapping, upsertUserMapping } from '../../../connector/mappings/index.ts';
import type { SyncModule } from '../../../connector/sync/index.ts';
import { createEmbeddedWfm, type EmbeddedWfm } from '../../../connector/wfm/index.ts';
import { DEMO_EMPLOYEES, DEMO_TEAMS, DEMO_TENANT_ID } from '../../../connector/wfm/embedded/demo.ts';
import { startTestApp, type StartOptions, type TestApp } from '../../support/app.ts';

// An Entra application id is a GUID (the config refuses anything else).
export const CLIENT_ID = '5c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const CLIENT_SECRET = 'sync-tests-secret';
export const WFI_ID = 'WFI_sync-tests';
export const WFI_SECRET = 'a'.repeat(32) + 'b'.repeat(32);
export const BKN = DEMO_TEAMS[0]!.teamsTeamId;
export const CMD = DEMO_TEAMS[1]!.teamsTeamId;

export interface Harness {
  emu: Emulator;
  t: TestApp;
  sync: SyncModule;
  /** The embedded WFM on the app's store (writes as the WFM: origin `wfm`). */
  wfm: EmbeddedWfm;
  close(): Promise<void>;
}

export interface HarnessOptions {
  emulator?: EmulatorOptions;
  env?: Record<string, string>;
  backend?: StartOptions['backend'];
  /** Share one emulator between app instances (multi-instance tests). */
  sharedEmulator?: Emulator;
  storeSchema?: string;
  jobsSchema?: string;
  /** Skip seeding and mappings (a second instance on the same database). */
  seed?: boolean;
}

/** Tests run at 10× Graph's limits on both sides (the benchmark uses the real ones). */
export const FAST_LIMITS = { perTeamPerSecond: 40, tenantWritesPerSecond: 300, tenantDeletesPerSecond: 150, tenantReadsPerSecond: 300 };
const FAST_ENV = { GRAPH_TEAM_RPS: '40', GRAPH_TENANT_WRITES_PER_SECOND: '300', GRAPH_TENANT_DELETES_PER_SECOND: '150', GRAPH_TENANT_READS_PER_SECOND: '300' };

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await createEmulator({
    tenantId: DEMO_TENANT_ID,
    ...options,
    throttle: { ...FAST_LIMITS, ...options.throttle },
    clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
  });
  emu.seed(demoSeed());
  await emu.listen(0, '127.0.0.1');
  return emu;
}

export function connectorEnv(emu: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CLIENT_ID,
    CLIENT_SECRET,
    TENANT_ID: DEMO_TENANT_ID,
    PUBLIC_URL: 'http://127.0.0.1:9',
    WFI_ID,
    WFI_SECRET,
    GRAPH_BASE_URL: emu.url,
    AUTHORITY_HOST: emu.url,
    SYNC_AUTOMATIC: 'false',
    ...FAST_ENV,
    ...extra,
  };
}

export async function writeDemoMappings(t: TestApp): Promise<void> {
  for (const team of DEMO_TEAMS) {
    const r = await upsertTeamMapping(t.app.store, {
      teamId: team.teamsTeamId,
      wfmTeamId: team.wfmTeamId,
      timeZone: team.timeZone,
      ownerUserId: null,
      managerUserIds: team.managerUserIds,
      enabled: true,
    });
    if (!r.ok) throw new Error(r.error.message);
  }
  for (const e of DEMO_EMPLOYEES) {
    const r = await upsertUserMapping(t.app.store, { userId: e.userId, wfmEmployeeId: e.wfmEmployeeId, displayName: e.displayName, upn: e.upn });
    if (!r.ok) throw new Error(r.error.message);
  }
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emu = options.sharedEmulator ?? (await startEmulator(options.emulator));
  const t = await startTestApp({
    env: connectorEnv(emu, options.env),
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.storeSchema ? { storeSchema: options.storeSchema } : {}),
    ...(options.jobsSchema ? { jobsSchema: options.jobsSchema } : {}),
  });
  const sync = t.app.services.sync!;
  const wfm = createEmbeddedWfm({ store: t.app.store });
  if (options.seed !== false) {
    await wfm.seed();
    await writeDemoMappings(t);
    if (!emu.state.integrations.has(WFI_ID)) {
      await registerLocalIntegration(emu, { url: `${t.url}/wfi`, secret: WFI_SECRET, id: WFI_ID, teamIds: [] });
    }
  }
  return {
    emu,
    t,
    sync,
    wfm,
    async close() {
      await t.close();
      if (!options.sharedEmulator) await emu.close();
    },
  };
}

/** Shifts items of a team in the emulator (all, including inactive). */
export function shiftsOf(emu: Emulator, teamId: string, collection: 'shifts' | 'openShifts' | 'timesOff' | 'schedulingGroups' | 'timeOffReasons' = 'shifts') {
  return [...(emu.state.teams.get(teamId)?.schedule?.collections[collection].values() ?? [])];
}
