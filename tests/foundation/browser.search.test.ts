import { describe, expect, it } from 'vitest';
import { findChromium, NO_CHROMIUM, type ChromiumSearch } from '../support/browser.ts';

/**
 * The browser tests find a Chromium by themselves: the developer's choice first, then what the
 * machine has, then what Playwright installed, then the one `npm install` brought. Fake paths
 * stand in for the machine.
 */
function machine(files: string[], overrides: Partial<ChromiumSearch> = {}): ChromiumSearch & { extracted: string[] } {
  const present = new Set(files);
  const extracted: string[] = [];
  return {
    env: {},
    platform: 'linux',
    home: '/home/dev',
    exists: (p) => present.has(p),
    list: (dir) => [...new Set(files.filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split('/')[0]!))],
    playwrightDefault: () => '/home/dev/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome',
    bundled: async () => {
      extracted.push('/tmp/chromium');
      present.add('/tmp/chromium');
      return '/tmp/chromium';
    },
    extracted,
    ...overrides,
  };
}

const PLAYWRIGHT_OLD = '/home/dev/.cache/ms-playwright/chromium-1100/chrome-linux/chrome';
const PLAYWRIGHT_NEW = '/home/dev/.cache/ms-playwright/chromium-1150/chrome-linux64/chrome';

describe('finding a Chromium for the browser tests', () => {
  it('uses CHROMIUM_PATH before anything installed on the machine', async () => {
    const m = machine(['/opt/my/chrome', '/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/opt/my/chrome' } });
    await expect(findChromium(m)).resolves.toEqual({ path: '/opt/my/chrome', source: 'CHROMIUM_PATH' });
  });

  it('says so in one line when CHROMIUM_PATH points nowhere, instead of quietly using another browser', async () => {
    const m = machine(['/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/opt/typo/chrome' } });
    const error = await findChromium(m).catch((e: Error) => e);
    expect((error as Error).message).toBe(`CHROMIUM_PATH=/opt/typo/chrome does not exist. ${NO_CHROMIUM}`);
    expect((error as Error).stack).not.toContain('\n');
  });

  it('prefers a system Chromium, then Chrome, on Linux', async () => {
    await expect(findChromium(machine(['/usr/bin/google-chrome', '/usr/bin/chromium', PLAYWRIGHT_NEW]))).resolves.toEqual({ path: '/usr/bin/chromium', source: 'system' });
    await expect(findChromium(machine(['/usr/bin/google-chrome', PLAYWRIGHT_NEW]))).resolves.toEqual({ path: '/usr/bin/google-chrome', source: 'system' });
  });

  it('finds Chrome where macOS and Windows install it', async () => {
    const mac = machine(['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'], { platform: 'darwin' });
    await expect(findChromium(mac)).resolves.toMatchObject({ path: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', source: 'system' });
    const chrome = 'C:\\Users\\dev\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    const win = machine([chrome], { platform: 'win32', env: { PROGRAMFILES: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\dev\\AppData\\Local' } });
    await expect(findChromium(win)).resolves.toMatchObject({ path: chrome, source: 'system' });
  });

  it('falls back to the newest browser Playwright installed when the machine has none', async () => {
    await expect(findChromium(machine([PLAYWRIGHT_OLD, PLAYWRIGHT_NEW]))).resolves.toEqual({ path: PLAYWRIGHT_NEW, source: 'playwright' });
    const custom = machine(['/srv/pw/chromium_headless_shell-1160/chrome-headless-shell-linux64/chrome-headless-shell'], {
      env: { PLAYWRIGHT_BROWSERS_PATH: '/srv/pw' },
    });
    await expect(findChromium(custom)).resolves.toMatchObject({ source: 'playwright' });
  });

  it('extracts the npm-installed Chromium only when nothing else is there', async () => {
    const withSystem = machine(['/usr/bin/chromium']);
    await findChromium(withSystem);
    expect(withSystem.extracted).toEqual([]);

    const fresh = machine([]);
    await expect(findChromium(fresh)).resolves.toEqual({ path: '/tmp/chromium', source: 'npm' });
    expect(fresh.extracted).toEqual(['/tmp/chromium']);
  });

  it('fails with one line saying how to get a browser when there is none at all', async () => {
    const error = await findChromium(machine([], { platform: 'darwin', bundled: async () => undefined })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(NO_CHROMIUM);
    expect((error as Error).stack).toBe(NO_CHROMIUM);
  });
});
