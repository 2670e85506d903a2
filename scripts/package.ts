/**
 * `npm run package -- --env dev`: builds the sideloadable Teams app package
 * `appPackage/build/appPackage.{env}.zip` from `appPackage/manifest.json`, the two icons and the
 * values in `env/.env.{env}` (+ `env/.env.{env}.user`). Fails, listing every problem, when a
 * placeholder has no value or the package would not pass validation.
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAppPackage, describeBuilt, formatProblems } from './package/index.ts';

const usage =
  'usage: npm run package -- --env <name> [--root <project folder>]\n' +
  '  reads env/.env.<name> (+ .user), writes appPackage/build/appPackage.<name>.zip';

let env: string | undefined;
let root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
try {
  const { values } = parseArgs({
    options: { env: { type: 'string', short: 'e' }, root: { type: 'string' } },
    allowPositionals: false,
  });
  env = values.env;
  if (values.root) root = resolve(values.root);
} catch (e) {
  console.error(`${(e as Error).message}\n${usage}`);
  process.exit(2);
}
if (!env) {
  console.error(usage);
  process.exit(2);
}

const result = await buildAppPackage({ root, env });
if (!result.ok) {
  console.error(`Cannot build the app package for "${env}":\n${formatProblems(root, result.error)}`);
  process.exit(1);
}
console.log(`Built ${describeBuilt(root, result.value)}`);
