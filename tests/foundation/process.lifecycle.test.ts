import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../connector/store/index.ts';
import { freePort, spawnTs, waitForStatus } from '../support/process.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'proc-'));

describe('the process', () => {
  it('exits 2 with one line naming the variable and the rule for a 10-character WFI_SECRET', async () => {
    const p = spawnTs('connector/main.ts', { DATA_DIR: tmp(), WFI_SECRET: '0123456789' });
    const { code } = await p.exited;
    expect(code).toBe(2);
    expect(p.stderr().trim()).toBe(
      'Invalid configuration: WFI_SECRET: must be exactly 64 characters (Shifts rejects any other length)',
    );
    expect(p.stderr()).not.toContain('    at ');
  });

  it('exits 2 with one line, not a scheduler stack trace, for SYNC_RECONCILE_CRON="99 99 * * *"', async () => {
    const p = spawnTs('connector/main.ts', { DATA_DIR: tmp(), SYNC_RECONCILE_CRON: '99 99 * * *' });
    const { code } = await p.exited;
    expect(code).toBe(2);
    expect(p.stderr().trim().split('\n')).toHaveLength(1);
    expect(p.stderr()).toMatch(/^Invalid configuration: SYNC_RECONCILE_CRON: is not a valid cron expression/);
  });

  it('starts in local mode, becomes ready within 15 s, and exits 0 within 10 s of SIGTERM', async () => {
    const port = await freePort();
    const emulatorPort = await freePort();
    const p = spawnTs('connector/main.ts', {
      DATA_DIR: tmp(),
      PORT: String(port),
      EMULATOR_PORT: String(emulatorPort),
      LOG_LEVEL: 'warn',
    });
    try {
      await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 15_000);
      await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 15_000);
    } catch (err) {
      p.child.kill('SIGKILL');
      throw new Error(`${(err as Error).message}\nstderr: ${p.stderr()}`);
    }
    const sentAt = Date.now();
    p.child.kill('SIGTERM');
    const { code } = await p.exited;
    expect(code).toBe(0);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
  }, 40_000);

  it('prints the local-mode banner once, under the initial sync\'s log lines, not among them', async () => {
    const p = spawnTs('connector/main.ts', {
      DATA_DIR: tmp(),
      PORT: String(await freePort()),
      EMULATOR_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    });
    try {
      // A bound on waiting, not on speed: the banner waits for the initial sync (30 s at most).
      const deadline = Date.now() + 150_000;
      while (!p.stdout().includes('npm run wfm -- help') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
    const out = p.stdout();
    const bannerAt = out.indexOf('\n  Shifts connector running in local mode at ');
    expect(bannerAt, `stdout: ${out.slice(-2000)}\nstderr: ${p.stderr()}`).toBeGreaterThan(0);
    const banner = out.slice(bannerAt, out.indexOf('npm run wfm -- help', bannerAt));
    expect(banner).toContain('Try first:');
    expect(banner).not.toContain('{"level"');
    const jsonLines = (text: string) =>
      text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; kind?: string });
    const before = jsonLines(out.slice(0, bannerAt));
    const after = jsonLines(out.slice(bannerAt));
    expect(before.some((l) => l.msg === 'shifts-connector listening')).toBe(true);
    const initialRun = (l: { msg: string; kind?: string }) => l.msg === 'sync run finished' && l.kind === 'initial';
    expect(before.filter(initialRun).length).toBeGreaterThan(0);
    expect(after.filter(initialRun)).toEqual([]);
    expect(out.split('Try first:')).toHaveLength(2);
  }, 180_000);

  it('loses no committed row when killed with SIGKILL mid-write, and reopens the folder afterwards', async () => {
    const dir = tmp();
    const p = spawnTs('tests/foundation/fixtures/writer.ts', { DATA_DIR: dir });
    const deadline = Date.now() + 20_000;
    while (!/committed 40\n/.test(p.stdout()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    p.child.kill('SIGKILL');
    await p.exited;
    const committed = [...p.stdout().matchAll(/committed (\d+)/g)].map((m) => Number(m[1]));
    expect(committed.length).toBeGreaterThanOrEqual(40);

    const store = await openStore({ dataDir: dir });
    try {
      const rows = await store.query<{ id: number }>('SELECT id FROM crash_rows ORDER BY id');
      const present = new Set(rows.map((r) => r.id));
      expect(committed.filter((id) => !present.has(id))).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
