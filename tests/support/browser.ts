import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/**
 * The one way tests (and the screenshot tools) start a headless Chromium. Which executable it
 * uses is decided here only, so every browser test runs on the same browser.
 */
export function chromiumExecutable(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Flags for a headless browser on a machine with a closed network and no sandbox. */
const HEADLESS_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ ...options, executablePath: chromiumExecutable(), args: [...HEADLESS_ARGS, ...(options.args ?? [])] });
}
