/**
 * Builds the tab's single-page app into `tab/dist`.
 *
 *   tsx tab/build.ts            always build (`npm run build:tab`)
 *   tsx tab/build.ts --if-stale build only when tab/dist is missing or older than its sources
 *                               (`prestart`: a fast no-op when nothing changed)
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
/** What the bundle is made of: the React code, the contracts it imports, and the lock file. */
const SOURCES = [join(here, 'web'), join(here, 'api', 'contracts'), join(root, 'package-lock.json')];
export const DIST_DIR = join(here, 'dist');
const BUILT_MARKER = join(DIST_DIR, 'index.html');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether `tab/dist` is missing or older than any of its sources. */
export function isStale(): boolean {
  if (!existsSync(BUILT_MARKER)) return true;
  const built = statSync(BUILT_MARKER).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

/** Runs the Vite build (production mode) with `tab/web/vite.config.ts`. */
export async function buildTab(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(here, 'web', 'vite.config.ts'), mode: 'production' });
}

/** Builds when stale; answers whether it built. Tests call this before driving the tab. */
export async function ensureTabBuilt(): Promise<boolean> {
  if (!isStale()) return false;
  await buildTab();
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  const started = Date.now();
  const run = ifStale ? ensureTabBuilt() : buildTab().then(() => true);
  run.then(
    (built) => {
      if (built) process.stdout.write(`tab built into ${DIST_DIR} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
    (e: unknown) => {
      process.stderr.write(`tab build failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
