import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMPLOYEES, DEMO_TEAMS, DEMO_TENANT_ID } from '../../connector/wfm/embedded/demo.ts';
import { preregisterLocalIntegration, registerLocalIntegration, startLocalEmulator, type Emulator } from '../../emulator/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('local mode: the emulator seeded with the demo stores, talking to the real connector', () => {
  let emu: Emulator;
  let app: TestApp;

  beforeAll(async () => {
    emu = await startLocalEmulator({ port: 0, clientId: 'local-connector', clientSecret: 'placeholder' });
    app = await startTestApp({ env: { GRAPH_BASE_URL: emu.url, AUTHORITY_HOST: emu.url, EMULATOR_PORT: String(new URL(emu.url).port) } });
    // Local mode generates the connector's client secret; the emulator must know it.
    emu.settings.clients.push({ clientId: app.app.config.graph.clientId!, clientSecret: app.app.config.graph.clientSecret! });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await emu?.close();
  });

  it('seeds one team per demo store with its manager as owner and its employees as members', () => {
    expect(emu.settings.tenantId).toBe(DEMO_TENANT_ID);
    for (const store of DEMO_TEAMS) {
      const team = emu.state.teams.get(store.teamsTeamId);
      expect(team?.displayName).toBe(store.name);
      expect(team?.ownerIds).toEqual([store.ownerUserId]);
      expect(new Set(team?.memberIds)).toEqual(new Set(DEMO_EMPLOYEES.filter((e) => e.wfmTeamId === store.wfmTeamId).map((e) => e.userId)));
      expect(team?.schedule?.props.timeZone).toBe(store.timeZone);
    }
  });

  it('preregisters the integration before the connector listens, without calling it', () => {
    const wfiId = app.app.config.wfi.id;
    preregisterLocalIntegration(emu, { url: 'http://127.0.0.1:9/wfi', secret: app.app.config.wfi.secrets[0]!, id: wfiId });
    expect(emu.state.integrations.get(wfiId)?.props).toMatchObject({ isActive: true, supportedEntities: expect.stringContaining('timeOffRequest') as unknown });
    expect(emu.state.teams.get(DEMO_TEAMS[1]!.teamsTeamId)?.schedule?.props.workforceIntegrationIds).toEqual([wfiId]);
    expect(emu.state.callbacks).toEqual([]);
  });

  it("registers the connector (its /connect answers) and enables it on every demo team's schedule, keeping WFI_ID", async () => {
    const wfiId = app.app.config.wfi.id;
    const id = await registerLocalIntegration(emu, { url: `${app.url}/wfi`, secret: app.app.config.wfi.secrets[0]!, id: wfiId });
    expect(id).toBe(wfiId);
    expect(emu.state.callbacks.find((c) => c.kind === 'connect')).toMatchObject({ outcome: 'approved' });
    for (const store of DEMO_TEAMS) {
      expect(emu.state.teams.get(store.teamsTeamId)?.schedule?.props.workforceIntegrationIds).toEqual([wfiId]);
    }
    // Registering again (a restart with saved state) updates the same integration.
    await registerLocalIntegration(emu, { url: `${app.url}/wfi`, secret: app.app.config.wfi.secrets[0]!, id: wfiId });
    expect([...emu.state.integrations.keys()]).toEqual([wfiId]);
  });

  it("gets a well-formed decision from the connector's webhook for a manager's change in Shifts", async () => {
    const store = DEMO_TEAMS[0]!;
    const worker = DEMO_EMPLOYEES.find((e) => e.wfmTeamId === store.wfmTeamId)!;
    const team = emu.state.teams.get(store.teamsTeamId)!;
    team.schedule!.collections.schedulingGroups.set('TAG_demo', { id: 'TAG_demo', displayName: 'Demo', isActive: true, userIds: [worker.userId] });
    const res = await fetch(`${emu.url}/_emulator/act/teams/${store.teamsTeamId}/shifts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        as: store.ownerUserId,
        userId: worker.userId,
        schedulingGroupId: 'TAG_demo',
        startDateTime: '2030-01-07T14:00:00Z',
        endDateTime: '2030-01-07T18:00:00Z',
      }),
    });
    // Approved (201) or refused by a WFM rule (400 with the connector's message): never "invalid data".
    expect([201, 400]).toContain(res.status);
    const record = emu.state.callbacks.find((c) => c.kind === 'update' && c.passthrough === undefined && c.items[0]?.method === 'POST')!;
    expect(['approved', 'rejected']).toContain(record.outcome);
    expect(record.attempts).toEqual([{ httpStatus: 200, problem: undefined }]);
  });

  it("reads a well-formed eligibility answer from the connector's /read", async () => {
    const store = DEMO_TEAMS[0]!;
    const worker = DEMO_EMPLOYEES.find((e) => e.wfmTeamId === store.wfmTeamId)!;
    const res = await fetch(`${emu.url}/_emulator/act/teams/${store.teamsTeamId}/offered/timeOffReasons?as=${worker.userId}`);
    // Offered reasons (200) or a refusal carrying the connector's message (400); never "invalid data".
    expect([200, 400]).toContain(res.status);
    const record = emu.state.callbacks.find((c) => c.kind === 'read')!;
    expect(record.items[0]).toMatchObject({ method: 'GET', url: `/users/${worker.userId}/timeOffReasons?requestType=TimeOffReason` });
    expect(record.attempts).toEqual([{ httpStatus: 200, problem: undefined }]);
  });
});

describe('local mode with a TENANT_ID other than the demo tenant', () => {
  const TENANT = '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f';
  let emu: Emulator;
  let app: TestApp;

  beforeAll(async () => {
    emu = await startLocalEmulator({ port: 0, tenantId: TENANT, clientId: 'local-connector', clientSecret: 'placeholder' });
    app = await startTestApp({ env: { TENANT_ID: TENANT, GRAPH_BASE_URL: emu.url, AUTHORITY_HOST: emu.url, EMULATOR_PORT: String(new URL(emu.url).port) } });
    emu.settings.clients.push({ clientId: app.app.config.graph.clientId!, clientSecret: app.app.config.graph.clientSecret! });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await emu?.close();
  });

  it("acts as the configured tenant, so the connector's /connect approves it", async () => {
    expect(app.app.config.localMode).toBe(true);
    const wfiId = app.app.config.wfi.id;
    await registerLocalIntegration(emu, { url: `${app.url}/wfi`, secret: app.app.config.wfi.secrets[0]!, id: wfiId });
    expect(emu.state.callbacks.find((c) => c.kind === 'connect')).toMatchObject({ outcome: 'approved' });
  });
});
