import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/**
 * The one way tests and the screenshot tools start a headless Chromium. Which executable it uses
 * is decided here only, so every browser test runs on the same browser, and a fresh clone needs
 * nothing beyond `npm install`: when the machine has no browser of its own, the Chromium that
 * `@sparticuz/chromium` ships inside its npm package is used.
 */

/** Where a browser was found, for the one line the suite prints when it explains its choice. */
export interface FoundChromium {
  path: string;
  source: 'CHROMIUM_PATH' | 'system' | 'playwright' | 'npm';
}

/** What the search reads from the machine; tests pass fakes. */
export interface ChromiumSearch {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
  exists(path: string): boolean;
  /** Entries of a folder, or [] when it does not exist. */
  list(dir: string): string[];
  /** The executable this playwright-core version would download (it may not be installed). */
  playwrightDefault(): string | undefined;
  /** Extracts the npm-installed Chromium and returns its path, or undefined where it cannot run. */
  bundled(): Promise<string | undefined>;
}

export const NO_CHROMIUM =
  'No Chromium found for the browser tests: run `npm install` on Linux x64 (it brings one), install Google Chrome or Chromium, or set CHROMIUM_PATH to a Chromium or Chrome executable.';

/** System installs of Chromium and Chrome, in the order they are tried. */
export function systemCandidates(s: Pick<ChromiumSearch, 'env' | 'platform' | 'home'>): string[] {
  if (s.platform === 'darwin') {
    const apps = ['Chromium.app/Contents/MacOS/Chromium', 'Google Chrome.app/Contents/MacOS/Google Chrome'];
    return [...apps.map((a) => `/Applications/${a}`), ...apps.map((a) => join(s.home, 'Applications', a))];
  }
  if (s.platform === 'win32') {
    const roots = [s.env.PROGRAMFILES, s.env['PROGRAMFILES(X86)'], s.env.LOCALAPPDATA].filter((r): r is string => !!r);
    return ['Chromium\\Application\\chrome.exe', 'Google\\Chrome\\Application\\chrome.exe'].flatMap((app) => roots.map((r) => `${r}\\${app}`));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
  ];
}

/** Playwright's browser cache: PLAYWRIGHT_BROWSERS_PATH, else its per-platform default. */
function playwrightCache(s: Pick<ChromiumSearch, 'env' | 'platform' | 'home'>): string {
  if (s.env.PLAYWRIGHT_BROWSERS_PATH && s.env.PLAYWRIGHT_BROWSERS_PATH !== '0') return s.env.PLAYWRIGHT_BROWSERS_PATH;
  if (s.platform === 'darwin') return join(s.home, 'Library', 'Caches', 'ms-playwright');
  if (s.platform === 'win32') return join(s.env.LOCALAPPDATA ?? join(s.home, 'AppData', 'Local'), 'ms-playwright');
  return join(s.home, '.cache', 'ms-playwright');
}

/** The executable inside one `chromium-<rev>` or `chromium_headless_shell-<rev>` folder, per layout Playwright has used. */
const PLAYWRIGHT_LAYOUTS: Record<string, string[]> = {
  linux: ['chrome-linux64/chrome', 'chrome-linux/chrome', 'chrome-headless-shell-linux64/chrome-headless-shell', 'chrome-linux/headless_shell'],
  darwin: [
    'chrome-mac-arm64/Chromium.app/Contents/MacOS/Chromium',
    'chrome-mac-x64/Chromium.app/Contents/MacOS/Chromium',
    'chrome-mac/Chromium.app/Contents/MacOS/Chromium',
    'chrome-headless-shell-mac-arm64/chrome-headless-shell',
    'chrome-headless-shell-mac-x64/chrome-headless-shell',
    'chrome-mac/headless_shell',
  ],
  win32: ['chrome-win64/chrome.exe', 'chrome-win/chrome.exe', 'chrome-headless-shell-win64/chrome-headless-shell.exe', 'chrome-win/headless_shell.exe'],
};

/** Browsers Playwright installed: the one this playwright-core expects first, then any other revision, newest first. */
export function playwrightCandidates(s: Pick<ChromiumSearch, 'env' | 'platform' | 'home' | 'list' | 'playwrightDefault'>): string[] {
  const cache = playwrightCache(s);
  const revisions = s
    .list(cache)
    .filter((d) => /^chromium(_headless_shell)?-\d+$/.test(d))
    .sort((a, b) => Number(b.split('-')[1]) - Number(a.split('-')[1]) || a.localeCompare(b));
  const layouts = PLAYWRIGHT_LAYOUTS[s.platform] ?? PLAYWRIGHT_LAYOUTS.linux!;
  const preferred = s.playwrightDefault();
  return [...(preferred ? [preferred] : []), ...revisions.flatMap((d) => layouts.map((l) => join(cache, d, l)))];
}

/**
 * Looks, in order, for CHROMIUM_PATH, a system Chromium or Chrome, a browser Playwright installed,
 * and the Chromium brought by `npm install`. Throws {@link NO_CHROMIUM} when there is none: the
 * browser tests then fail with that line rather than skip.
 */
export async function findChromium(s: ChromiumSearch): Promise<FoundChromium> {
  const configured = s.env.CHROMIUM_PATH;
  if (configured) {
    if (s.exists(configured)) return { path: configured, source: 'CHROMIUM_PATH' };
    // A path the developer chose that is wrong is a mistake to report, not to step over.
    throw quiet(`CHROMIUM_PATH=${configured} does not exist. ${NO_CHROMIUM}`);
  }
  const system = systemCandidates(s).find((p) => s.exists(p));
  if (system) return { path: system, source: 'system' };
  const playwright = playwrightCandidates(s).find((p) => s.exists(p));
  if (playwright) return { path: playwright, source: 'playwright' };
  const bundled = await s.bundled();
  if (bundled && s.exists(bundled)) return { path: bundled, source: 'npm' };
  throw quiet(NO_CHROMIUM);
}

/** An error whose report is its one line: the stack of the search says nothing to the reader. */
function quiet(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}

/** The npm-installed Chromium: a Linux x64 build, extracted to the temp folder on first use. */
async function bundledChromium(): Promise<string | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    const { default: Chromium } = await import('@sparticuz/chromium');
    return await Chromium.executablePath();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    // A missing cache folder just means Playwright installed nothing.
    return [];
  }
}

/** The search on this machine. */
export function machineSearch(): ChromiumSearch {
  return {
    env: process.env,
    platform: process.platform,
    home: homedir(),
    exists: existsSync,
    list: listDir,
    playwrightDefault: () => {
      try {
        return chromium.executablePath();
      } catch {
        // Older playwright-core throws when it has no default for the platform.
        return undefined;
      }
    },
    bundled: bundledChromium,
  };
}

let found: Promise<FoundChromium> | undefined;

/** The Chromium every browser test and tool uses, searched once per process. */
export function chromiumExecutable(): Promise<FoundChromium> {
  found ??= findChromium(machineSearch());
  return found;
}

/** Flags for a headless browser on a machine with a closed network and no sandbox. */
const HEADLESS_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const { path } = await chromiumExecutable();
  return chromium.launch({ ...options, executablePath: path, args: [...HEADLESS_ARGS, ...(options.args ?? [])] });
}
