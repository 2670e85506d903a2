import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { err, ok, type Result } from '../../connector/errors.ts';
import { ENDPOINT_VARIABLES, readToolkitEnvironment } from './env.ts';
import { checkIcon, ICONS } from './icons.ts';
import { checkManifestRules, validateManifestSchema } from './manifest.ts';
import { resolveJsonPlaceholders } from './placeholders.ts';
import type { PackageProblem } from './problems.ts';
import { writeZip } from './zip.ts';

export interface BuildOptions {
  /** Project root holding `appPackage/` and `env/`. */
  root: string;
  /** Teams Toolkit environment name: reads `env/.env.{env}` and writes `appPackage.{env}.zip`. */
  env: string;
}

export interface BuiltPackage {
  /** Absolute path of the written zip. */
  zipPath: string;
  /** The resolved manifest that went into the zip. */
  manifest: Record<string, unknown>;
  entries: string[];
}

/** The zip a given environment builds to, relative to the project root. */
export function packagePath(env: string): string {
  return join('appPackage', 'build', `appPackage.${env}.zip`);
}

/**
 * Resolves the manifest's `${{NAME}}` placeholders from the environment files, validates the
 * result offline (official schema, Teams rules, icons) and writes the zip. Every problem is
 * reported at once; nothing is written unless the package is valid. Plain http URLs are
 * accepted only in the `local` environment.
 */
export async function buildAppPackage(options: BuildOptions): Promise<Result<BuiltPackage, PackageProblem[]>> {
  const { root, env } = options;
  const read = readToolkitEnvironment(root, env);
  if (!read.ok) return err(read.problems);

  const manifestFile = join(root, 'appPackage', 'manifest.json');
  if (!existsSync(manifestFile)) return err([{ code: 'manifest_unreadable', message: 'appPackage/manifest.json does not exist' }]);
  const resolved = resolveJsonPlaceholders(readFileSync(manifestFile, 'utf8'), read.env.values);
  if (resolved.unresolved.length > 0) {
    const where = read.env.files.join(' or ');
    return err(
      resolved.unresolved.map((name) => ({
        code: 'unresolved_placeholder' as const,
        message: (ENDPOINT_VARIABLES as readonly string[]).includes(name)
          ? `\${{${name}}} in appPackage/manifest.json has no value: set PUBLIC_URL (${name} is derived from it) in ${where}`
          : `\${{${name}}} in appPackage/manifest.json has no value: set ${name} in ${where}`,
      })),
    );
  }

  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(resolved.text) as Record<string, unknown>;
  } catch (e) {
    return err([{ code: 'manifest_unreadable', message: `appPackage/manifest.json is not valid JSON after resolving placeholders: ${(e as Error).message}` }]);
  }

  const problems: PackageProblem[] = [
    ...(await validateManifestSchema(manifest)),
    ...checkManifestRules(manifest, { allowHttp: env === 'local' }),
  ];

  const icons: { name: string; data: Buffer }[] = [];
  for (const kind of ['color', 'outline'] as const) {
    const declared = (manifest.icons as Record<string, unknown> | undefined)?.[kind];
    if (declared !== ICONS[kind].file) {
      problems.push({ code: 'icon_invalid', message: `manifest.json/icons/${kind} must be "${ICONS[kind].file}"` });
      continue;
    }
    const file = join(root, 'appPackage', ICONS[kind].file);
    if (!existsSync(file)) {
      problems.push({ code: 'icon_missing', message: `appPackage/${ICONS[kind].file} does not exist; run npm run icons` });
      continue;
    }
    const data = readFileSync(file);
    problems.push(...checkIcon(kind, data));
    icons.push({ name: ICONS[kind].file, data });
  }
  if (problems.length > 0) return err(problems);

  const entries = [{ name: 'manifest.json', data: `${JSON.stringify(manifest, null, 2)}\n` }, ...icons];
  const zipPath = join(root, packagePath(env));
  mkdirSync(join(root, 'appPackage', 'build'), { recursive: true });
  writeFileSync(zipPath, await writeZip(entries));
  return ok({ zipPath, manifest, entries: entries.map((e) => e.name) });
}

/** One line per problem, for the command line. */
export function formatProblems(root: string, problems: PackageProblem[]): string {
  return problems.map((p) => `  - ${p.message.replaceAll(`${root}/`, '')}`).join('\n');
}

/** Where the zip went, relative to the root, for messages. */
export function describeBuilt(root: string, built: BuiltPackage): string {
  return `${relative(root, built.zipPath)} (${built.entries.join(', ')})`;
}
