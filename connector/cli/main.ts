/**
 * The admin CLI: `npx shifts-connector <command>`. Commands work on the deployment's own
 * database and Graph configuration (the same environment as the server).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/index.ts';
import { doctorCommand } from './commands/doctor.ts';
import { failuresCommand } from './commands/failures.ts';
import { mapCommand } from './commands/map.ts';
import { registerCommand } from './commands/register.ts';
import { enableCommand, retryCommand, statusCommand, syncCommand } from './commands/sync.ts';
import { createContext, type CliOptions } from './context.ts';
import { processIo } from './io.ts';

export const USAGE = `usage: shifts-connector <command> [options]

  register [--app-only] [--name <display name>]   create or update the workforce integration, then verify it
  enable --team <teamId>                          enable the integration on a team's schedule
  map import --teams <file.csv> --users <file.csv>
  map export [teams|users] [--out <file>]
  map check                                       report unmapped teams and employees
  sync --team <teamId> [--full]                   sync a team now (--full: reconcile the whole window)
  status                                          health of every mapped team and open failures
  failures [--team <teamId>] [entity=<type>] [code=<error>] [state=<open,retrying,resolved,handled>]
                                                  failed entities, as the tab lists them
  retry --team <teamId> | --failure <id>          retry failed entities now
  doctor                                          check the whole setup, with a verdict per check`;

/** Runs one command; resolves with the exit code. */
export async function main(argv: string[], options: CliOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        team: { type: 'string' },
        full: { type: 'boolean', default: false },
        failure: { type: 'string' },
        teams: { type: 'string' },
        users: { type: 'string' },
        out: { type: 'string' },
        'app-only': { type: 'boolean', default: false },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err((e as Error).message);
    io.err(USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (!command || values.help) {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  let config;
  try {
    config = loadConfig(options.env ?? process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
  const ctx = createContext(config, io, options.build);
  const needTeam = () => {
    if (!values.team) io.err(`${command} needs --team <teamId>`);
    return values.team;
  };
  try {
    switch (command) {
      case 'register':
        return await registerCommand(ctx, { appOnly: values['app-only'], displayName: values.name ?? 'Shifts connector' });
      case 'enable': {
        const team = needTeam();
        return team ? await enableCommand(ctx, team) : 2;
      }
      case 'map':
        return await mapCommand(ctx, positionals[1], { ...(values.teams ? { teams: values.teams } : {}), ...(values.users ? { users: values.users } : {}), ...(values.out ? { out: values.out } : {}), ...(positionals[2] ? { which: positionals[2] } : {}) });
      case 'sync': {
        const team = needTeam();
        return team ? await syncCommand(ctx, team, values.full) : 2;
      }
      case 'status':
        return await statusCommand(ctx);
      case 'retry':
        return await retryCommand(ctx, { ...(values.team ? { teamId: values.team } : {}), ...(values.failure ? { failureId: values.failure } : {}) });
      case 'failures':
        return await failuresCommand(ctx, { ...(values.team ? { teamId: values.team } : {}), args: positionals.slice(1) });
      case 'doctor':
        return await doctorCommand(ctx, options.fetch);
      default:
        io.err(`unknown command ${command}`);
        io.err(USAGE);
        return 2;
    }
  } catch (e) {
    const err = e as Error & { code?: string };
    // DataDirInUseError and friends: one clear line, no stack.
    io.err(err.name === 'DataDirInUseError' ? `${err.message} (stop the server or use DATABASE_URL to share a PostgreSQL)` : `error: ${err.message}`);
    return 1;
  } finally {
    await ctx.close();
  }
}
