import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseEnv } from 'node:util';
import type { PackageProblem } from './problems.ts';

/** Environment names are folder-safe words, as Teams Toolkit accepts them (`dev`, `local`, `prod`). */
const ENV_NAME = /^[a-zA-Z0-9_-]+$/;

/** Variables of one Teams Toolkit environment and the files they came from. */
export interface ToolkitEnvironment {
  name: string;
  /** Files read, in order; later files win (`.env.{env}.user` holds the `SECRET_*` values). */
  files: string[];
  values: Record<string, string>;
}

/**
 * Reads `env/.env.{name}` and, when present, `env/.env.{name}.user`, the same files Teams
 * Toolkit reads. The first must exist; a value left empty counts as not set.
 */
export function readToolkitEnvironment(
  root: string,
  name: string,
): { ok: true; env: ToolkitEnvironment } | { ok: false; problems: PackageProblem[] } {
  if (!ENV_NAME.test(name)) {
    return { ok: false, problems: [{ code: 'env_file_missing', message: `"${name}" is not an environment name (letters, digits, - and _)` }] };
  }
  const main = join(root, 'env', `.env.${name}`);
  if (!existsSync(main)) {
    return {
      ok: false,
      problems: [{ code: 'env_file_missing', message: `${relative(root, main)} does not exist; copy env/.env.dev to create the "${name}" environment` }],
    };
  }
  const files = [main, `${main}.user`].filter((f) => existsSync(f));
  const values: Record<string, string> = {};
  const problems: PackageProblem[] = [];
  for (const file of files) {
    try {
      Object.assign(values, parseEnv(readFileSync(file, 'utf8')));
    } catch (err) {
      problems.push({ code: 'env_file_invalid', message: `${relative(root, file)}: ${(err as Error).message}` });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, env: { name, files: files.map((f) => relative(root, f)), values: withDerivedEndpoints(values) } };
}

/** The endpoint variables the manifest and the project files use, all derived from PUBLIC_URL. */
export const ENDPOINT_VARIABLES = ['TAB_ENDPOINT', 'TAB_DOMAIN', 'BOT_ENDPOINT', 'BOT_DOMAIN'] as const;

/**
 * The connector serves the bot, the tab and the webhook from one address, so admins set only
 * `PUBLIC_URL`; the toolkit-style `TAB_*` / `BOT_*` variables are derived from it. When
 * PUBLIC_URL is set the derived values win over copies left in the file by an earlier
 * provisioning, so changing the address changes every use of it.
 */
export function derivedEndpoints(publicUrl: string | undefined): Partial<Record<(typeof ENDPOINT_VARIABLES)[number], string>> {
  if (publicUrl === undefined || publicUrl.trim() === '') return {};
  let url: URL;
  try {
    url = new URL(publicUrl.trim());
  } catch {
    // An unparsable PUBLIC_URL derives nothing; the placeholders then show up as unresolved.
    return {};
  }
  const endpoint = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return { TAB_ENDPOINT: endpoint, TAB_DOMAIN: url.host, BOT_ENDPOINT: endpoint, BOT_DOMAIN: url.host };
}

function withDerivedEndpoints(values: Record<string, string>): Record<string, string> {
  return { ...values, ...derivedEndpoints(values.PUBLIC_URL) };
}
