import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, main } from '../../connector/cli/main.ts';
import type { CliIo } from '../../connector/cli/io.ts';
import { describeFailure, EXIT } from '../../connector/cli/exit.ts';
import { DataDirInUseError, openStore } from '../../connector/store/index.ts';
import { spawnTs } from '../support/process.ts';

function capture(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), progress: () => undefined };
}

const env = { DATA_DIR: 'memory://', LOG_LEVEL: 'silent' };
async function run(...argv: string[]) {
  const io = capture();
  const code = await main(argv, { env, io });
  return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
}

describe('admin CLI usage and exit codes', () => {
  it.each([['help'], ['--help'], ['-h']])('"%s" prints every command and the exit codes on stdout, exit 0', async (arg) => {
    const r = await run(arg);
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toBe('');
    for (const c of Object.values(COMMANDS)) expect(r.out).toContain(c.synopsis);
    expect(r.out).toContain('exit codes: 0 ok, 1 problems found, 2 usage or configuration, 3 unavailable, 4 internal error, 130 interrupted');
  });

  it.each([['doctor', '--help'], ['map', '-h'], ['help', 'sync']])('"%s %s" prints that command\'s help, exit 0', async (...argv) => {
    const r = await run(...argv);
    expect(r.code).toBe(EXIT.ok);
    const command = argv[0] === 'help' ? argv[1]! : argv[0]!;
    expect(r.out.split('\n')[0]).toBe(`usage: shifts-connector ${COMMANDS[command as keyof typeof COMMANDS].synopsis}`);
  });

  it('no command prints the usage on stderr, exit 2', async () => {
    const r = await run();
    expect(r.code).toBe(EXIT.usage);
    expect(r.out).toBe('');
    expect(r.err).toContain('usage: shifts-connector <command>');
  });

  it.each([['frobnicate'], ['help', 'frobnicate']])('an unknown command (%s) is one line listing the commands, exit 2', async (...argv) => {
    const r = await run(...argv);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toBe('unknown command "frobnicate"; commands: register, enable, map, sync, status, failures, retry, doctor, help (run "shifts-connector help")');
  });

  it('an unknown option is one line, exit 2', async () => {
    const r = await run('doctor', '--frobnicate');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^Unknown option '--frobnicate'.*\(run "shifts-connector help"\)$/);
  });

  it('a bad configuration value is one line naming it, exit 2, before anything is opened', async () => {
    const io = capture();
    const code = await main(['status'], { env: { ...env, SYNC_RECONCILE_CRON: '99 99 * * *' }, io });
    expect(code).toBe(EXIT.usage);
    expect(io.errors).toHaveLength(1);
    expect(io.errors[0]).toMatch(/^Invalid configuration: SYNC_RECONCILE_CRON: is not a valid cron expression/);
  });

  it('a command missing its --team says so, exit 2', async () => {
    const r = await run('sync');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toBe('sync needs --team <teamId> (run "shifts-connector sync --help")');
  });

  it.each([
    [new DataDirInUseError('/srv/data', 42), EXIT.unavailable, /^DATA_DIR \/srv\/data is in use by process 42.*control socket\)$/],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), EXIT.unavailable, /^unavailable: connect ECONNREFUSED 127\.0\.0\.1:5432$/],
    [new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND wfm.example'), { code: 'ENOTFOUND' }) }), EXIT.unavailable, /^unavailable: fetch failed \(getaddrinfo ENOTFOUND wfm\.example\)$/],
    [new TypeError("Cannot read properties of undefined (reading 'id')\n    at somewhere"), EXIT.internal, /^internal error: Cannot read properties of undefined \(reading 'id'\)$/],
  ])('maps an escaped error to one line and its exit code (%s)', (err, code, line) => {
    const failure = describeFailure(err);
    expect(failure.code).toBe(code);
    expect(failure.line).toMatch(line);
  });
});

describe('the admin CLI process', () => {
  it('answers "doctor" on an embedded store another process holds with one line and exit 3, not a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-held-'));
    const held = await openStore({ databaseUrl: undefined, dataDir: dir });
    try {
      const p = spawnTs('connector/cli/bin.mjs', { DATA_DIR: dir, LOG_LEVEL: 'silent' }, ['doctor']);
      const { code } = await p.exited;
      expect(code).toBe(EXIT.unavailable);
      expect(p.stderr()).not.toContain('    at ');
      expect(p.stderr().trim()).toMatch(/^DATA_DIR .* is in use by process \d+;.*control socket\)$/);
    } finally {
      await held.close();
    }
  }, 180_000);

  it('exits 0 for help and 2 for an unknown command', async () => {
    const help = spawnTs('connector/cli/bin.mjs', {}, ['--help']);
    expect((await help.exited).code).toBe(0);
    expect(help.stdout()).toContain('usage: shifts-connector <command>');
    const unknown = spawnTs('connector/cli/bin.mjs', {}, ['frobnicate']);
    expect((await unknown.exited).code).toBe(2);
    expect(unknown.stderr().trim()).toMatch(/^unknown command "frobnicate"/);
  }, 60_000);
});
