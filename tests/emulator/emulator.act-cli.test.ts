import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorBaseUrl } from '../../emulator/act/target.ts';
import type { Emulator } from '../../emulator/index.ts';
import { freePort, spawnTs } from '../support/process.ts';
import { startEmulator } from './support.ts';

describe('emulator:act', () => {
  let emu: Emulator;
  beforeAll(async () => {
    ({ emu } = await startEmulator());
  });
  afterAll(async () => emu?.close());

  it('reaches the emulator on EMULATOR_PORT, as npm start runs it', async () => {
    const p = spawnTs('emulator/act/cli.ts', { EMULATOR_PORT: new URL(emu.url).port }, ['teams']);
    expect((await p.exited).code).toBe(0);
    expect(p.stdout()).toContain('Store 1');
  }, 60_000);

  it('says which address it could not reach and what to do, exit 3', async () => {
    const port = await freePort();
    const p = spawnTs('emulator/act/cli.ts', { EMULATOR_PORT: String(port) }, ['teams']);
    expect((await p.exited).code).toBe(3);
    expect(p.stderr().trim()).toBe(
      `cannot reach the Shifts emulator at http://127.0.0.1:${port} (ECONNREFUSED): start it (npm start in local mode, or npm run emulator) or set EMULATOR_PORT / EMULATOR_URL`,
    );
  }, 60_000);

  it('refuses an unknown command with the list, exit 2, without calling the emulator', async () => {
    const p = spawnTs('emulator/act/cli.ts', { EMULATOR_PORT: '1' }, ['frobnicate']);
    expect((await p.exited).code).toBe(2);
    expect(p.stderr().trim()).toMatch(/^Unknown command 'frobnicate'; commands: teams, add-shift,/);
  }, 60_000);

  it.each([
    [{}, 'http://127.0.0.1:3979'],
    [{ EMULATOR_PORT: '4111' }, 'http://127.0.0.1:4111'],
    [{ EMULATOR_PORT: '4111', EMULATOR_URL: 'http://emu.test:80/' }, 'http://emu.test:80'],
  ])('targets %j at %s', (env, url) => {
    expect(emulatorBaseUrl(env)).toEqual({ url });
  });

  it('names a bad EMULATOR_PORT', () => {
    expect(emulatorBaseUrl({ EMULATOR_PORT: 'abc' })).toEqual({ problem: 'EMULATOR_PORT: must be a whole number from 1 to 65535 (got "abc")' });
  });
});
