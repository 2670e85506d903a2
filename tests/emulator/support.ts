import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptWfiPayload } from '../../connector/crypto/index.ts';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.ts';

export const TENANT = '8b7e0f1c-5d4a-4c1e-9f0a-2f6d3c5b7a10';
export const CLIENT = { clientId: 'test-connector', clientSecret: 'test-connector-secret' };
export const TEAM = 'team-1';
export const MANAGER = 'user-manager';
export const ALICE = 'user-alice';
export const BOB = 'user-bob';
export const WFI_SECRET = 'a'.repeat(32) + 'b'.repeat(32);

/** Starts an emulator on a free loopback port with one team (a manager and two workers). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<{ emu: Emulator; url: string }> {
  const emu = await createEmulator({ tenantId: TENANT, clients: [CLIENT], ...options });
  const { url } = await emu.listen(0, '127.0.0.1');
  emu.seed({
    users: [
      { id: MANAGER, displayName: 'Morgan Manager', userPrincipalName: 'morgan@contoso.example' },
      { id: ALICE, displayName: 'Alice Worker', userPrincipalName: 'alice@contoso.example' },
      { id: BOB, displayName: 'Bob Worker', userPrincipalName: 'bob@contoso.example' },
    ],
    teams: [{ id: TEAM, displayName: 'Store 1', ownerIds: [MANAGER], memberIds: [ALICE, BOB] }],
  });
  return { emu, url };
}

/** A client-credentials token, fetched over HTTP like any client would. */
export async function appToken(url: string): Promise<string> {
  const res = await fetch(`${url}/${TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default', ...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret } }),
  });
  const json = (await res.json()) as { access_token: string };
  return json.access_token;
}

/** A small Graph client over fetch: JSON in, status + JSON + headers out. */
export function graph(url: string, token: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(path.startsWith('http') ? path : `${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & { value?: Array<Record<string, unknown>> } };
  };
}

export interface ReceivedCall {
  path: string;
  headers: IncomingHttpHeaders;
  payload: { requests?: Array<{ id: string; method: string; url: string; headers: Record<string, string>; body: Record<string, unknown> | null }> } & Record<string, unknown>;
}

type Answer = (call: ReceivedCall) => { status: number; body: string };

/**
 * A loopback workforce integration: decrypts every call with the shared secret (so a wrong
 * encryption fails the test) and answers with `answer` (default: approve every item).
 */
export async function startReceiver(answer?: Answer): Promise<{ url: string; calls: ReceivedCall[]; setAnswer(a: Answer): void; close(): Promise<void> }> {
  const calls: ReceivedCall[] = [];
  let current: Answer = answer ?? approveAll;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const decrypted = decryptWfiPayload(Buffer.concat(chunks), [WFI_SECRET]);
      if (!decrypted.ok) {
        res.writeHead(401).end();
        return;
      }
      const call: ReceivedCall = { path: req.url ?? '', headers: req.headers, payload: JSON.parse(decrypted.value.plaintext.toString('utf8')) as ReceivedCall['payload'] };
      calls.push(call);
      const a = current(call);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/wfi`,
    calls,
    setAnswer: (a) => (current = a),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export function approveAll(call: ReceivedCall): { status: number; body: string } {
  const responses = (call.payload.requests ?? []).map((r) => ({ id: r.id, status: 200, body: { eTag: `"${r.id}"`, error: null } }));
  return { status: 200, body: JSON.stringify({ responses }) };
}

export function rejectAll(message: string) {
  return (call: ReceivedCall) => ({
    status: 200,
    body: JSON.stringify({
      responses: (call.payload.requests ?? []).map((r) => ({ id: r.id, status: 400, body: { eTag: null, error: { code: 'NotAllowed', message } } })),
    }),
  });
}

/** Registers a workforce integration at `receiverUrl` and enables it on the test team's schedule. */
export async function enableIntegration(
  g: ReturnType<typeof graph>,
  receiverUrl: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const created = await g('POST', '/beta/teamwork/workforceIntegrations', {
    displayName: 'Test connector',
    apiVersion: 1,
    isActive: true,
    url: receiverUrl,
    encryption: { protocol: 'sharedSecret', secret: WFI_SECRET },
    supportedEntities: 'Shift,SwapRequest,OpenShift,OpenShiftRequest,TimeOffRequest,OfferShiftRequest',
    ...extra,
  }, { prefer: 'include-unknown-enum-members' });
  if (created.status !== 201) throw new Error(`registration failed: ${JSON.stringify(created.json)}`);
  const id = String(created.json.id);
  const put = await g('PUT', `/v1.0/teams/${TEAM}/schedule`, { enabled: true, timeZone: 'Europe/London', workforceIntegrationIds: [id] });
  if (put.status !== 200) throw new Error(`schedule failed: ${JSON.stringify(put.json)}`);
  return id;
}
