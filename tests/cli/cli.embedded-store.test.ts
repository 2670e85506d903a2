import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../connector/app.ts';
import { main } from '../../connector/cli/main.ts';
import { controlSocketPath, startControlServer, type ControlServer } from '../../connector/cli/control.ts';
import type { CliIo } from '../../connector/cli/io.ts';
import { loadConfig } from '../../connector/config/index.ts';
import { DEMO_TEAMS } from '../../connector/wfm/embedded/demo.ts';
import { freePort } from '../support/process.ts';

function capture(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), progress: () => undefined };
}

// The embedded store (PGlite) admits one process: the CLI reaches a running server through the
// control socket in DATA_DIR, and opens the folder itself when the server is stopped.
describe('admin CLI on the embedded store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-pglite-'));
  let env: Record<string, string>;
  let server: App | undefined;
  let control: ControlServer | undefined;
  const run = async (...argv: string[]) => {
    const io = capture();
    const code = await main(argv, { env, io });
    return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
  };

  beforeAll(async () => {
    const port = await freePort();
    env = { DATA_DIR: dir, PORT: String(port), EMULATOR_PORT: '9', LOG_LEVEL: 'silent', SYNC_AUTOMATIC: 'false' };
    server = await buildApp(loadConfig(env, { dotenv: false }));
    await server.listen(port, '127.0.0.1');
    const running = server;
    control = await startControlServer(controlSocketPath(dir), (argv, io) => main(argv, { app: running, io }));
  }, 120_000);
  afterAll(async () => {
    await control?.close();
    await server?.close();
  });

  it('runs status inside the running server and prints its teams', async () => {
    const r = await run('status');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const team of DEMO_TEAMS) expect(r.out).toContain(team.teamsTeamId);
  });

  it('runs doctor inside the running server, as text and as --json', async () => {
    const text = await run('doctor');
    expect(text.out).toContain('OK   this deployment answers /connect');
    expect(text.out).toContain('OK   mappings are complete');
    expect(text.out).toMatch(/Verdict: /);
    const json = await run('doctor', '--json');
    const doc = JSON.parse(json.out) as { healthy: boolean; checks: Array<{ name: string; verdict: string }> };
    expect(doc.checks.find((c) => c.name === 'mappings are complete')?.verdict).toBe('ok');
    expect(json.code).toBe(doc.healthy ? 0 : 1);
  });

  it('opens the store itself once the server has stopped, and says the server is not running', async () => {
    await control?.close();
    await server?.close();
    control = undefined;
    server = undefined;
    const r = await run('doctor');
    expect(r.err).toBe('');
    expect(r.out).toContain('OK   mappings are complete');
    expect(r.out).toContain('FAIL this deployment answers /connect');
    expect(r.out).toContain('the server is not running (start it with npm start)');
    expect(r.code).toBe(1);
  }, 60_000);
});
