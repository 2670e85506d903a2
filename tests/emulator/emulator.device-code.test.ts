import { PublicClientApplication } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorMsalConfig, type Emulator } from '../../emulator/index.ts';
import { ALICE, CLIENT, TEAM, TENANT, WFI_SECRET, graph, startEmulator, startReceiver } from './support.ts';

const ADMIN = 'user-admin';
const GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const SCOPE = 'https://graph.microsoft.com/WorkforceIntegration.ReadWrite.All openid profile offline_access';

type OAuthAnswer = { status: number; json: Record<string, unknown> };

async function form(url: string, body: Record<string, string>): Promise<OAuthAnswer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function postJson(url: string, body: unknown): Promise<OAuthAnswer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function wfiBody(url: string) {
  return {
    displayName: 'Device-code connector',
    apiVersion: 1,
    isActive: true,
    url,
    encryption: { protocol: 'sharedSecret', secret: WFI_SECRET },
    supportedEntities: 'Shift,SwapRequest',
  };
}

describe('device-code sign-in against the emulator', () => {
  let emu: Emulator;
  let url: string;
  let short: Emulator;
  let shortUrl: string;
  const deviceCode = (base: string) => form(`${base}/${TENANT}/oauth2/v2.0/devicecode`, { client_id: CLIENT.clientId, scope: SCOPE });
  const poll = (base: string, code: string) => form(`${base}/${TENANT}/oauth2/v2.0/token`, { grant_type: GRANT, client_id: CLIENT.clientId, device_code: code });

  beforeAll(async () => {
    ({ emu, url } = await startEmulator({ deviceCode: { intervalSeconds: 1 } }));
    emu.seed({ users: [{ id: ADMIN, displayName: 'Tenant Admin', userPrincipalName: 'admin@contoso.example', admin: true }] });
    ({ emu: short, url: shortUrl } = await startEmulator({ deviceCode: { expiresInSeconds: 1, intervalSeconds: 1 } }));
  });
  afterAll(async () => {
    await emu.close();
    await short.close();
  });

  it('signs an admin in with unmodified msal-node (metadata discovered over HTTP) and lets them register an integration', async () => {
    const receiver = await startReceiver();
    try {
      const config = emulatorMsalConfig({ emulatorUrl: url, tenantId: TENANT, clientId: CLIENT.clientId });
      // No metadata up front: MSAL reads the emulator's openid-configuration to find the device-code endpoint.
      const pca = new PublicClientApplication({ ...config, auth: { ...config.auth, authorityMetadata: '' } });
      const messages: string[] = [];
      let approval: Promise<OAuthAnswer> | undefined;
      const result = await pca.acquireTokenByDeviceCode({
        scopes: ['https://graph.microsoft.com/WorkforceIntegration.ReadWrite.All'],
        deviceCodeCallback: (r) => {
          messages.push(r.message);
          approval = postJson(`${url}/_emulator/device/approve`, { userCode: r.userCode, userId: ADMIN });
        },
      });
      expect(messages[0]).toMatch(new RegExp(`^To sign in, use a web browser to open the page ${url}/devicelogin and enter the code [A-Z0-9]{9} to authenticate\\.$`));
      expect((await approval)?.status).toBe(200);
      expect(result?.account?.username).toBe('admin@contoso.example');
      const claims = decodeJwt(result!.accessToken);
      expect(claims).toMatchObject({ oid: ADMIN, tid: TENANT, appid: CLIENT.clientId, idtyp: 'user', aud: 'https://graph.microsoft.com' });
      expect(String(claims.scp).split(' ')).toContain('WorkforceIntegration.ReadWrite.All');

      const g = graph(url, result!.accessToken);
      const created = await g('POST', '/beta/teamwork/workforceIntegrations', wfiBody(receiver.url));
      expect(created.status).toBe(201);
      expect(created.json.createdBy).toMatchObject({ user: { id: ADMIN, displayName: 'Tenant Admin' }, application: null });
      // Shifts validates the URL with /connect on behalf of the signed-in admin.
      expect(receiver.calls[0]?.path).toBe('/wfi/v1/connect');
      expect(receiver.calls[0]?.payload).toMatchObject({ tenantId: TENANT, userId: ADMIN });
      // Delegated tokens are served for workforce integrations only.
      const team = await g('GET', `/v1.0/teams/${TEAM}`);
      expect(team.status).toBe(403);
    } finally {
      await receiver.close();
    }
  });

  it('answers authorization_pending until approval, then tokens once; a non-admin gets 403 from workforceIntegrations', async () => {
    const start = await deviceCode(url);
    expect(start.status).toBe(200);
    expect(start.json).toMatchObject({ verification_uri: `${url}/devicelogin`, expires_in: 900, interval: 1 });
    const code = String(start.json.device_code);
    const pending = await poll(url, code);
    expect(pending).toMatchObject({ status: 400, json: { error: 'authorization_pending', error_codes: [70016] } });

    const approved = await postJson(`${url}/_emulator/device/approve`, { userCode: String(start.json.user_code).toLowerCase(), userId: 'alice@contoso.example' });
    expect(approved).toMatchObject({ status: 200, json: { status: 'approved', userId: ALICE, scopes: ['WorkforceIntegration.ReadWrite.All'] } });
    const again = await postJson(`${url}/_emulator/device/approve`, { userCode: start.json.user_code, userId: ADMIN });
    expect(again.status).toBe(409);

    const tokens = await poll(url, code);
    expect(tokens.status).toBe(200);
    expect(tokens.json).toMatchObject({ token_type: 'Bearer', scope: 'https://graph.microsoft.com/WorkforceIntegration.ReadWrite.All' });
    expect(decodeJwt(String(tokens.json.id_token))).toMatchObject({ aud: CLIENT.clientId, oid: ALICE });
    expect((await poll(url, code)).json.error).toBe('bad_verification_code');

    const list = await graph(url, String(tokens.json.access_token))('GET', '/beta/teamwork/workforceIntegrations');
    expect(list.status).toBe(403);
    expect((list.json.error as { code: string; message: string }).message).toMatch(/alice@contoso\.example is not an administrator/);
  });

  it('answers expired_token after expires_in and refuses approving the expired code', async () => {
    const start = await deviceCode(shortUrl);
    expect(start.json.expires_in).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await poll(shortUrl, String(start.json.device_code))).toMatchObject({ status: 400, json: { error: 'expired_token', error_codes: [70019] } });
    const late = await postJson(`${shortUrl}/_emulator/device/approve`, { userCode: start.json.user_code, userId: ALICE });
    expect(late.status).toBe(400);
    expect((late.json.error as { message: string }).message).toMatch(/has expired/);
  });

  it('lets a person decline on the sign-in page, which the client sees as authorization_declined', async () => {
    const start = await deviceCode(url);
    const userCode = String(start.json.user_code);
    const pageRes = await fetch(`${url}/devicelogin?otc=${userCode}`);
    const html = await pageRes.text();
    expect(pageRes.status).toBe(200);
    expect(html).toContain(`value="${userCode}"`);
    expect(html).toMatch(/Tenant Admin \(admin@contoso\.example\) · Global Administrator/);

    const wrong = await fetch(`${url}/devicelogin`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ user_code: 'NOPE', user_id: ADMIN, action: 'approve' }) });
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('No sign-in is waiting for the code');

    const declined = await fetch(`${url}/devicelogin`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ user_code: userCode, user_id: ADMIN, action: 'decline' }) });
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('Sign-in declined');
    expect(await poll(url, String(start.json.device_code))).toMatchObject({ status: 400, json: { error: 'authorization_declined' } });
  });

  it('approves through the sign-in page form as a person would', async () => {
    const start = await deviceCode(url);
    const res = await fetch(`${url}/devicelogin`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ user_code: String(start.json.user_code), user_id: ADMIN, action: 'approve' }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Tenant Admin (admin@contoso.example) signed in');
    const tokens = await poll(url, String(start.json.device_code));
    expect(decodeJwt(String(tokens.json.access_token))).toMatchObject({ oid: ADMIN, wids: ['62e90394-69f5-4237-9190-012177145e10'] });
  });

  it('refuses unknown clients and scopes the way Entra does', async () => {
    const client = await form(`${url}/${TENANT}/oauth2/v2.0/devicecode`, { client_id: 'nobody', scope: SCOPE });
    expect(client).toMatchObject({ status: 400, json: { error: 'unauthorized_client' } });
    const scope = await form(`${url}/${TENANT}/oauth2/v2.0/devicecode`, { client_id: CLIENT.clientId, scope: 'https://graph.microsoft.com/Sites.FullControl.All' });
    expect(scope).toMatchObject({ status: 400, json: { error: 'invalid_scope', error_codes: [70011] } });
    const secret = await form(`${url}/${TENANT}/oauth2/v2.0/token`, { grant_type: GRANT, client_id: CLIENT.clientId, client_secret: 'wrong', device_code: 'x' });
    expect(secret).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
  });
});
