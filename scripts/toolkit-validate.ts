/**
 * `npm run validate:toolkit -- [--env dev]`: checks appPackage/manifest.json with the Microsoft 365
 * Agents Toolkit's own `atk validate` (schema and validation rules, offline) before provisioning,
 * filling in what `atk provision` would derive or generate (scripts/package/preprovision.ts).
 * Needs `atk` on PATH, or ATK_CLI naming it:
 *   npm install -g --ignore-scripts @microsoft/m365agentstoolkit-cli
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { preProvisionValues } from './package/preprovision.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const envIndex = process.argv.indexOf('--env');
const envName = envIndex >= 0 ? process.argv[envIndex + 1] : 'dev';
const envFile = join(root, 'env', `.env.${envName}`);
const { values, examples } = preProvisionValues(parseEnv(readFileSync(envFile, 'utf8')));
if (examples.length > 0) console.log(`env/.env.${envName} leaves ${examples.join(', ')} empty: checking with example values`);

const dir = mkdtempSync(join(tmpdir(), 'atk-validate-'));
try {
  const file = join(dir, `.env.${envName}`);
  writeFileSync(file, Object.entries(values).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const atk = process.env.ATK_CLI ?? 'atk';
  const run = spawnSync(atk, ['validate', '--manifest-file', './appPackage/manifest.json', '--env-file', file, '--telemetry', 'false'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.error) {
    console.error(`${atk} not found: npm install -g --ignore-scripts @microsoft/m365agentstoolkit-cli (or set ATK_CLI)`);
    process.exitCode = 2;
  } else {
    process.exitCode = run.status ?? 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
