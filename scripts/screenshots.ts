/**
 * `npm run screenshots`: refreshes the pictures the README and docs show — the manager tab's
 * steps (docs/screenshots/tab, taken by its end-to-end test) and one example of every card
 * (docs/screenshots/cards). Tests alone write their pictures to the ignored test-results/ folder;
 * only this command writes tracked files. Commit the PNGs it changes.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function run(args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run([resolve(root, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/tab/tab.e2e.test.ts'], { TAB_SCREENSHOTS_DIR: 'docs/screenshots/tab' });
run(['--import', 'tsx', 'bot/tools/render-cards.ts']);
