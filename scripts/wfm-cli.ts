/**
 * `npm run wfm -- ...`: act as the WFM against a running connector's admin API. Errors are
 * printed as `error CODE: message` (exit 1); usage problems print the usage (exit 2).
 */
import { parseArgs } from 'node:util';
import { run, USAGE, UsageError, type CliContext } from './wfm-cli-commands.ts';

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        team: { type: 'string' },
        employee: { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        job: { type: 'string' },
        break: { type: 'string' },
        label: { type: 'string' },
        notes: { type: 'string' },
        state: { type: 'string' },
        message: { type: 'string' },
        cursor: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const asksForHelp = parsed.values.help || parsed.positionals[0] === 'help';
  if (asksForHelp || parsed.positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return asksForHelp ? 0 : 2;
  }
  const base = (parsed.values.url ?? `http://127.0.0.1:${process.env.PORT || '3978'}`).replace(/\/+$/, '');
  const key = parsed.values.key ?? process.env.WFM_ADMIN_KEY;
  const ctx: CliContext = {
    print: (line) => process.stdout.write(`${line}\n`),
    async call(method, path, body) {
      let res: Response;
      try {
        res = await fetch(`${base}/wfm-admin${path}`, {
          method,
          headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(key ? { 'x-admin-key': key } : {}) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (e) {
        throw new ApiError('unreachable', `cannot reach the connector at ${base} (${(e as Error).name}). Is it running (npm start)? Use --url to point elsewhere.`);
      }
      const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      if (!res.ok) {
        if (res.status === 404 && json?.error?.message?.startsWith('No route for')) {
          throw new ApiError('not_enabled', 'this connector does not serve the WFM admin API (it needs local mode or WFM_ADMIN_KEY, and the embedded WFM).');
        }
        throw new ApiError(json?.error?.code ?? `http_${res.status}`, json?.error?.message ?? `HTTP ${res.status}`);
      }
      return json;
    },
  };
  try {
    await run(ctx, { positionals: parsed.positionals, values: parsed.values as Record<string, string | undefined> });
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof ApiError) {
      process.stderr.write(`error ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
