import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { placeholderNames } from './placeholders.ts';
import type { PackageProblem } from './problems.ts';

/** The project-file schema version this repository writes. */
export const PROJECT_FILE_VERSION = 'v1.13';

/** The first line Teams Toolkit and editors use to find the schema. */
export const SCHEMA_COMMENT = `# yaml-language-server: $schema=https://aka.ms/teams-toolkit/${PROJECT_FILE_VERSION}/yaml.schema.json`;

/**
 * Vendored from the npm package @microsoft/teamsapp-cli 3.1.1,
 * `resource/yaml-schema/v1.13/yaml.schema.json` (see appPackage/schema/README.md).
 */
const SCHEMA_FILE = fileURLToPath(new URL('../../appPackage/schema/teamsapp-yaml-v1.13.schema.json', import.meta.url));

interface ToolkitSchema {
  definitions: Record<string, { properties?: { uses?: { const?: string } } }>;
}

/** One lifecycle step of a project file. */
export interface ProjectStep {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  writeToEnvironmentFile?: Record<string, string>;
}

/** A parsed project file: lifecycle name → steps. */
export type ProjectFile = Partial<Record<'provision' | 'deploy' | 'publish' | 'share', ProjectStep[]>> & {
  version?: string;
  environmentFolderPath?: string;
};

interface Compiled {
  whole: ValidateFunction;
  /** Validator of each action's definition, by its `uses` value. */
  byAction: Map<string, ValidateFunction>;
}

let compiled: Compiled | undefined;

function compile(): Compiled {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as ToolkitSchema;
  // strict: false because the toolkit's schema carries editor-only keywords ajv does not know.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(schema, 'teamsapp');
  const whole = ajv.getSchema('teamsapp');
  if (!whole) throw new Error('the vendored Teams Toolkit schema did not compile');
  const byAction = new Map<string, ValidateFunction>();
  for (const [name, def] of Object.entries(schema.definitions)) {
    const uses = def.properties?.uses?.const;
    const validate = ajv.getSchema(`teamsapp#/definitions/${name}`);
    if (uses && validate && !byAction.has(uses)) byAction.set(uses, validate);
  }
  // aadApp/create is a oneOf of two variants; validate against the union, not one variant.
  const aadCreate = ajv.getSchema('teamsapp#/definitions/aadAppCreate');
  if (aadCreate) byAction.set('aadApp/create', aadCreate);
  compiled = { whole, byAction };
  return compiled;
}

/** Every action (`uses:` value) the project-file schema knows. */
export function knownActions(): string[] {
  return [...compile().byAction.keys()].sort();
}

function describe(errors: ErrorObject[] | null | undefined, prefix: string): string[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    return `${prefix}${e.instancePath} ${e.message ?? 'is invalid'}${extra}`;
  });
}

/**
 * Validates a Teams Toolkit project file offline: the schema comment on the first line, YAML
 * syntax, the vendored schema, and that every `uses:` names a known action (reported by name,
 * with precise errors per step instead of the schema's long anyOf list).
 */
export function validateProjectFile(fileName: string, text: string): { problems: PackageProblem[]; doc?: ProjectFile } {
  const problem = (message: string): PackageProblem => ({ code: 'project_file_invalid', message: `${fileName}: ${message}` });
  const problems: PackageProblem[] = [];
  if (text.split(/\r?\n/, 1)[0] !== SCHEMA_COMMENT) problems.push(problem(`the first line must be "${SCHEMA_COMMENT}"`));

  const parsed = parseDocument(text, { prettyErrors: false });
  if (parsed.errors.length > 0) {
    return { problems: [...problems, ...parsed.errors.map((e) => problem(`YAML: ${e.message}`))] };
  }
  const doc = parsed.toJS() as unknown;
  const { whole, byAction } = compile();
  if (whole(doc)) return { problems, doc: doc as ProjectFile };

  // Pinpoint the failure: top-level keys first, then each step against its own action.
  const top = doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
  let pinned = false;
  if (top.version !== PROJECT_FILE_VERSION) {
    problems.push(problem(`version must be ${PROJECT_FILE_VERSION}`));
    pinned = true;
  }
  for (const lifecycle of ['provision', 'deploy', 'publish', 'share'] as const) {
    const steps = top[lifecycle];
    if (steps === undefined) continue;
    if (!Array.isArray(steps)) {
      problems.push(problem(`${lifecycle} must be a list of steps`));
      pinned = true;
      continue;
    }
    steps.forEach((step: unknown, i) => {
      const uses = step && typeof step === 'object' ? (step as { uses?: unknown }).uses : undefined;
      const where = `${lifecycle}[${i}]`;
      const validate = typeof uses === 'string' ? byAction.get(uses) : undefined;
      if (!validate) {
        problems.push(problem(`${where}: unknown action "${String(uses)}"`));
        pinned = true;
      } else if (!validate(step)) {
        problems.push(...describe(validate.errors, `${where} (${String(uses)})`).map(problem));
        pinned = true;
      }
    });
  }
  if (!pinned) problems.push(...describe(whole.errors, '').map(problem));
  return { problems };
}

/** Variables an action writes to the environment file, by `writeToEnvironmentFile` or by nature. */
function producedBy(step: ProjectStep, scriptOutputs: readonly string[]): string[] {
  const written = Object.values(step.writeToEnvironmentFile ?? {});
  if (step.uses === 'script') return [...written, ...scriptOutputs];
  // aadApp/update generates the access_as_user scope id when the manifest uses it.
  if (step.uses === 'aadApp/update') return [...written, 'AAD_APP_ACCESS_AS_USER_PERMISSION_ID'];
  return written;
}

/**
 * Finds placeholders a step uses before anything provides them: not set in the environment
 * file, not written by an earlier step (in the same or an earlier lifecycle), and not a
 * toolkit built-in. Steps that render a file (manifest, Entra manifest) are checked against
 * that file's placeholders too, via `files`.
 */
export function unprovidedPlaceholders(
  doc: ProjectFile,
  options: {
    envKeys: readonly string[];
    scriptOutputs: readonly string[];
    /** Placeholders of the files steps render, by the path the step names. */
    files: Readonly<Record<string, string[]>>;
  },
): { step: string; name: string }[] {
  const available = new Set<string>([...options.envKeys, 'TEAMSFX_ENV']);
  const missing: { step: string; name: string }[] = [];
  for (const lifecycle of ['provision', 'deploy', 'publish'] as const) {
    (doc[lifecycle] ?? []).forEach((step, i) => {
      const used = new Set(placeholderNames(JSON.stringify({ with: step.with, env: step.env })));
      for (const key of ['manifestPath'] as const) {
        const path = step.with?.[key];
        if (typeof path === 'string') for (const n of options.files[path] ?? []) used.add(n);
      }
      for (const name of used) if (!available.has(name)) missing.push({ step: `${lifecycle}[${i}] ${step.uses}`, name });
      for (const name of producedBy(step, options.scriptOutputs)) available.add(name);
    });
  }
  return missing;
}
