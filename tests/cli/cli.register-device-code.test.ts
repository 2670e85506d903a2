import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../connector/cli/main.ts';
import type { CliIo } from '../../connector/cli/io.ts';
import { WFI_ENTITY_TYPES } from '../../connector/config/schema.ts';
import { DEMO_MANAGERS } from '../../connector/wfm/embedded/demo.ts';
import { DEMO_ADMIN } from '../../emulator/index.ts';
import { connectorEnv, startHarness, type Harness } from '../sync/support/harness.ts';

interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

const HOP_BY_HOP = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding']);

/** A loopback pass-through in front of the emulator's Graph that records what the CLI sends. */
async function recordingProxy(target: string): Promise<{ url: string; calls: Recorded[]; close(): Promise<void> }> {
  const calls: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      calls.push({ method: req.method ?? '', path: req.url ?? '', body: text ? (JSON.parse(text) as unknown) : undefined });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !HOP_BY_HOP.has(k)) headers[k] = v;
      fetch(`${target}${req.url ?? ''}`, { method: req.method ?? 'GET', headers, ...(text ? { body: text } : {}) }).then(
        async (answer) => {
          const body = Buffer.from(await answer.arrayBuffer());
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(body);
        },
        (e: unknown) => {
          res.writeHead(502);
          res.end(String(e));
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The user code in the device-code prompt the CLI prints. */
const userCodeIn = (text: string) => /enter the code ([A-Z0-9]+) to authenticate/.exec(text)?.[1];

async function decide(emulatorUrl: string, action: 'approve' | 'decline', body: Record<string, string>): Promise<number> {
  const res = await fetch(`${emulatorUrl}/_emulator/device/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.status;
}

describe('register signs the administrator in with the device-code flow (emulator)', () => {
  let h: Harness;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    // No preregistered integration: register must create it. Polling every second keeps it quick.
    h = await startHarness({ emulator: { deviceCode: { intervalSeconds: 1 } }, seed: false });
    proxy = await recordingProxy(h.emu.url);
    env = {
      ...connectorEnv(h.emu),
      GRAPH_BASE_URL: proxy.url,
      PUBLIC_URL: h.t.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-register-')),
      LOG_LEVEL: 'silent',
    };
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await h?.close();
  });

  it('npx shifts-connector register prints the code, waits for the admin, creates the integration on beta and verifies it (exit 0)', async () => {
    const child = spawn(process.execPath, ['connector/cli/bin.mjs', 'register', '--name', 'Contoso connector'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let approval: Promise<number> | undefined;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      const code = userCodeIn(stderr);
      if (code && !approval) approval = decide(h.emu.url, 'approve', { userCode: code, userId: DEMO_ADMIN.id });
    });
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(stderr).toMatch(new RegExp(`To sign in, use a web browser to open the page ${h.emu.url}/devicelogin and enter the code [A-Z0-9]{9} to authenticate\\.`));
    expect(await approval).toBe(200);
    expect(stdout).toMatch(/Registered workforce integration (WFI_\S+) for .*\/wfi \(verified\)\./);
    expect(exitCode).toBe(0);

    const create = proxy.calls.find((c) => c.method === 'POST' && /workforceIntegrations$/i.test(c.path));
    expect(create?.path).toBe('/beta/teamwork/workforceIntegrations');
    expect(create?.body).toMatchObject({
      displayName: 'Contoso connector',
      url: `${h.t.url}/wfi`,
      apiVersion: 1,
      isActive: true,
      supportedEntities: WFI_ENTITY_TYPES.join(','),
      eligibilityFilteringEnabledEntities: 'SwapRequest,TimeOffReason',
      encryption: { protocol: 'sharedSecret', secret: env.WFI_SECRET },
    });
    expect((create?.body as { supportedEntities: string }).supportedEntities).toMatch(/^([A-Z][A-Za-z]+)(,[A-Z][A-Za-z]+)*$/);
    // Read back after the write, by id, on beta.
    const id = /Registered workforce integration (WFI_\S+)/.exec(stdout)![1]!;
    expect(proxy.calls.at(-1)).toMatchObject({ method: 'GET', path: `/beta/teamwork/workforceIntegrations/${id}` });
    expect(stdout).toContain(`Set WFI_ID=${id} for the server.`);

    const stored = h.emu.state.integrations.get(id)!.props;
    expect(stored).toMatchObject({ displayName: 'Contoso connector', url: `${h.t.url}/wfi`, apiVersion: 1, isActive: true, eligibilityFilteringEnabledEntities: 'swapRequest,timeOffReason' });
    expect(String(stored.supportedEntities).split(',').map((s) => s.toLowerCase()).sort()).toEqual(WFI_ENTITY_TYPES.map((s) => s.toLowerCase()).sort());
    expect(stored.createdBy).toMatchObject({ user: { id: DEMO_ADMIN.id, displayName: DEMO_ADMIN.displayName } });
  }, 60_000);

  it('a non-admin approving the code gets a clear error, exit code 1, and nothing is registered', async () => {
    const before = h.emu.state.integrations.size;
    const manager = DEMO_MANAGERS[0]!;
    const errors: string[] = [];
    let approval: Promise<number> | undefined;
    const io: CliIo = {
      out: () => undefined,
      err: (line) => {
        errors.push(line);
        const code = userCodeIn(line);
        if (code) approval = decide(h.emu.url, 'approve', { userCode: code, userId: manager.userId });
      },
      progress: () => undefined,
    };
    const exitCode = await main(['register'], { env, io });
    expect(await approval).toBe(200);
    expect(exitCode).toBe(1);
    expect(errors.join('\n')).toContain(`Cannot list workforce integrations: Forbidden: The signed-in user ${manager.upn} is not an administrator`);
    expect(errors.join('\n')).toContain('Sign in as a Global Administrator of the tenant');
    expect(h.emu.state.integrations.size).toBe(before);
  }, 30_000);

  it('a declined sign-in ends register with a clear error and exit code 1', async () => {
    const errors: string[] = [];
    let decision: Promise<number> | undefined;
    const io: CliIo = {
      out: () => undefined,
      err: (line) => {
        errors.push(line);
        const code = userCodeIn(line);
        if (code) decision = decide(h.emu.url, 'decline', { userCode: code });
      },
      progress: () => undefined,
    };
    const exitCode = await main(['register'], { env, io });
    expect(await decision).toBe(200);
    expect(exitCode).toBe(1);
    expect(errors.at(-1)).toBe('error: device-code sign-in failed: the sign-in was declined (authorization_declined)');
  }, 30_000);
});
