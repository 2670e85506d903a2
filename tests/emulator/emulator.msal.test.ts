import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorGraphMiddleware, emulatorMsalConfig, type Emulator } from '../../emulator/index.ts';
import { CLIENT, TEAM, TENANT, startEmulator } from './support.ts';

describe('MSAL and the Graph SDK against the emulator', () => {
  let emu: Emulator;
  let url: string;
  beforeAll(async () => ({ emu, url } = await startEmulator()));
  afterAll(() => emu.close());

  it('acquires a client-credentials token with unmodified msal-node and reads a team with the Graph SDK', async () => {
    const cca = new ConfidentialClientApplication(emulatorMsalConfig({ emulatorUrl: url, tenantId: TENANT, ...CLIENT }));
    const result = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(result?.accessToken).toMatch(/^ey/);
    expect(result?.tokenType).toBe('Bearer');

    const client = Client.initWithMiddleware({
      baseUrl: `${url}/`,
      defaultVersion: 'v1.0',
      middleware: emulatorGraphMiddleware({ getAccessToken: async () => result!.accessToken }, url),
    });
    const team = (await client.api(`/teams/${TEAM}`).get()) as { id: string; displayName: string };
    expect(team).toMatchObject({ id: TEAM, displayName: 'Store 1' });

    const schedule = (await client.api(`/teams/${TEAM}/schedule`).put({ enabled: true, timeZone: 'America/New_York' })) as Record<string, unknown>;
    expect(schedule).toMatchObject({ enabled: true, timeZone: 'America/New_York', provisionStatus: 'Completed' });
  });

  it('refuses a wrong client secret the way Entra does', async () => {
    const cca = new ConfidentialClientApplication(emulatorMsalConfig({ emulatorUrl: url, tenantId: TENANT, clientId: CLIENT.clientId, clientSecret: 'wrong' }));
    await expect(cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })).rejects.toThrow(/invalid_client|AADSTS7000215/);
  });

  it('answers Graph calls without a valid bearer token with 401 InvalidAuthenticationToken', async () => {
    const none = await fetch(`${url}/v1.0/teams/${TEAM}`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
    const forged = await fetch(`${url}/v1.0/teams/${TEAM}`, { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } });
    expect(forged.status).toBe(401);
  });
});
