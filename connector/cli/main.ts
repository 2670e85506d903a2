/**
 * The admin CLI: `npx shifts-connector <command>`. Commands work on the deployment's own
 * database and Graph configuration (the same environment as the server). With the embedded
 * store and the server running, the command runs inside the server through its control socket.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { App } from '../app.ts';
import { ConfigError, loadConfig, type AppConfig } from '../config/index.ts';
import type { CliOptions } from './context.ts';
import { callControl, controlSocketPath } from './control.ts';
import { describeFailure, EXIT, EXIT_CODES_TEXT } from './exit.ts';
import { processIo, type CliIo } from './io.ts';

/** Every command with its synopsis and one line of help; `help` and unknown commands list these. */
export const COMMANDS = {
  register: { synopsis: 'register [--app-only] [--name <display name>]', summary: 'create or update the workforce integration, then verify it' },
  enable: { synopsis: 'enable --team <teamId>', summary: "enable the integration on a team's schedule" },
  map: { synopsis: 'map import --teams <file.csv> --users <file.csv> | map export [teams|users] [--out <file>] | map check', summary: 'import (all-or-nothing), export or check team and user mappings' },
  sync: { synopsis: 'sync --team <teamId> [--full]', summary: 'sync a team now (--full: reconcile the whole window)' },
  status: { synopsis: 'status [--json]', summary: 'health of every mapped team and open failures' },
  failures: { synopsis: 'failures [--team <teamId>] [entity=<type>] [code=<error>] [state=<open,retrying,resolved,handled>]', summary: 'failed entities, as the tab lists them' },
  retry: { synopsis: 'retry --team <teamId> | --failure <id>', summary: 'retry failed entities now' },
  doctor: { synopsis: 'doctor [--json]', summary: 'check the whole setup, with a verdict per check' },
  help: { synopsis: 'help [<command>]', summary: 'this help, or one command\'s' },
} as const;
type Command = keyof typeof COMMANDS;
const isCommand = (c: string): c is Command => Object.hasOwn(COMMANDS, c);

export const USAGE = [
  'usage: shifts-connector <command> [options]',
  '',
  ...Object.values(COMMANDS).map((c) => `  ${c.synopsis}\n      ${c.summary}`),
  '',
  'options: --json  machine-readable output (doctor, status) and JSON log lines on stderr',
  '         -h, --help  help for the command',
  EXIT_CODES_TEXT,
].join('\n');

function commandHelp(command: Command): string {
  return `usage: shifts-connector ${COMMANDS[command].synopsis}\n  ${COMMANDS[command].summary}\n${EXIT_CODES_TEXT}`;
}

const OPTIONS = {
  team: { type: 'string' },
  full: { type: 'boolean', default: false },
  failure: { type: 'string' },
  teams: { type: 'string' },
  users: { type: 'string' },
  out: { type: 'string' },
  'app-only': { type: 'boolean', default: false },
  name: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Options naming files: made absolute before a command is handed to the server's process. */
const FILE_OPTIONS = new Set(['--teams', '--users', '--out']);

/** Runs one command; resolves with the exit code (see `EXIT`). */
export async function main(argv: string[], options: CliOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    io.err(`${(e as Error).message.split('\n')[0] ?? 'bad arguments'} (run "shifts-connector help")`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (command === 'help' || (!command && values.help)) {
    const topic = positionals[1];
    if (topic === undefined) io.out(USAGE);
    else if (isCommand(topic)) io.out(commandHelp(topic));
    else return unknownCommand(io, topic);
    return EXIT.ok;
  }
  if (!command) {
    io.err(USAGE);
    return EXIT.usage;
  }
  if (!isCommand(command)) return unknownCommand(io, command);
  if (values.help) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }

  let config: AppConfig;
  if (options.app) {
    config = options.app.config;
  } else {
    try {
      config = loadConfig(options.env ?? process.env);
    } catch (e) {
      if (e instanceof ConfigError) {
        io.err(e.message);
        return EXIT.usage;
      }
      const failure = describeFailure(e);
      io.err(failure.line);
      return failure.code;
    }
    // The embedded store is single-process: while the server runs, it runs the command.
    if (!config.store.databaseUrl && !config.store.dataDir.startsWith('memory://')) {
      try {
        const code = await callControl(controlSocketPath(config.store.dataDir), absoluteFiles(argv), io);
        if (code !== undefined) return code;
      } catch (e) {
        io.err(`unavailable: the running server's control socket failed (${(e as Error).message})`);
        return EXIT.unavailable;
      }
    }
  }

  // The commands pull in the whole app; loaded only now, so help and usage errors answer at once.
  const [{ createContext }, { doctorCommand }, { mapCommand }, { registerCommand }, { enableCommand, retryCommand, statusCommand, syncCommand }, { failuresCommand }] = await Promise.all([
    import('./context.ts'),
    import('./commands/doctor.ts'),
    import('./commands/map.ts'),
    import('./commands/register.ts'),
    import('./commands/sync.ts'),
    import('./commands/failures.ts'),
  ]);
  const env = options.env ?? process.env;
  const ctx = createContext(config, io, {
    build: options.build,
    app: options.app,
    json: values.json,
    // Only problems by default: the command's own lines are the output. LOG_LEVEL still wins.
    logLevel: env.LOG_LEVEL ? config.log.level : 'warn',
  });
  const needTeam = () => {
    if (!values.team) io.err(`${command} needs --team <teamId> (run "shifts-connector ${command} --help")`);
    return values.team;
  };
  try {
    switch (command) {
      case 'register':
        return await registerCommand(ctx, { appOnly: values['app-only'], displayName: values.name ?? 'Shifts connector' });
      case 'enable': {
        const team = needTeam();
        return team ? await enableCommand(ctx, team) : EXIT.usage;
      }
      case 'map':
        return await mapCommand(ctx, positionals[1], { ...(values.teams ? { teams: values.teams } : {}), ...(values.users ? { users: values.users } : {}), ...(values.out ? { out: values.out } : {}), ...(positionals[2] ? { which: positionals[2] } : {}) });
      case 'sync': {
        const team = needTeam();
        return team ? await syncCommand(ctx, team, values.full) : EXIT.usage;
      }
      case 'status':
        return await statusCommand(ctx, { json: values.json });
      case 'retry':
        return await retryCommand(ctx, { ...(values.team ? { teamId: values.team } : {}), ...(values.failure ? { failureId: values.failure } : {}) });
      case 'failures':
        return await failuresCommand(ctx, { ...(values.team ? { teamId: values.team } : {}), args: positionals.slice(1) });
      case 'doctor':
        return await doctorCommand(ctx, { ...(options.fetch ? { fetch: options.fetch } : {}), json: values.json });
      case 'help':
        return EXIT.ok;
    }
  } catch (e) {
    const failure = describeFailure(e);
    io.err(failure.line);
    return failure.code;
  } finally {
    await ctx.close();
  }
}

function unknownCommand(io: CliIo, command: string): number {
  io.err(`unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')} (run "shifts-connector help")`);
  return EXIT.usage;
}

function absoluteFiles(argv: string[]): string[] {
  return argv.map((arg, i) => {
    const prev = argv[i - 1];
    if (prev && FILE_OPTIONS.has(prev)) return resolve(arg);
    const eq = arg.indexOf('=');
    if (eq > 0 && FILE_OPTIONS.has(arg.slice(0, eq))) return `${arg.slice(0, eq)}=${resolve(arg.slice(eq + 1))}`;
    return arg;
  });
}

export type { App };
