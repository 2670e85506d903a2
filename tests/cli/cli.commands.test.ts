import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../connector/cli/main.ts';
import type { CliIo } from '../../connector/cli/io.ts';
import { TEST_DATABASE_URL, uniqueSchema } from '../support/env.ts';
import { BKN, connectorEnv, shiftsOf, startHarness, WFI_ID, type Harness } from '../sync/support/harness.ts';

function capture(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), progress: () => undefined };
}

describe.runIf(TEST_DATABASE_URL)('admin CLI against the emulator', () => {
  let h: Harness;
  const schema = uniqueSchema('cli');
  let env: Record<string, string>;
  const run = async (...argv: string[]) => {
    const io = capture();
    const code = await main(argv, { env, io, build: { storeSchema: schema, jobsSchema: `${schema}_jobs`, jobPollingSeconds: 0.5 } });
    return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
  };
  beforeAll(async () => {
    h = await startHarness({ backend: 'postgres', storeSchema: schema, jobsSchema: `${schema}_jobs` });
    env = {
      ...connectorEnv(h.emu),
      DATABASE_URL: TEST_DATABASE_URL!,
      PUBLIC_URL: h.t.url,
      LOG_LEVEL: 'silent',
      CLIENT_SECRET_EXPIRES_AT: new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10),
    };
  }, 120_000);
  afterAll(async () => h?.close());

  it('register updates this deployment\'s integration and verifies it by reading it back', async () => {
    const r = await run('register', '--app-only', '--name', 'Contoso connector');
    expect(r.err).toBe('');
    expect(r.out).toContain(`Updated workforce integration ${WFI_ID}`);
    expect(r.out).toContain('(verified)');
    expect(r.code).toBe(0);
    const wfi = h.emu.state.integrations.get(WFI_ID)!.props;
    expect(wfi).toMatchObject({ displayName: 'Contoso connector', apiVersion: 1, isActive: true, url: `${h.t.url}/wfi` });
  });

  it('enable turns the integration on for a team\'s schedule', async () => {
    const r = await run('enable', '--team', BKN);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Enabled workforce integration ${WFI_ID} on team ${BKN}`);
    expect(h.emu.state.teams.get(BKN)!.schedule!.props.workforceIntegrationIds).toEqual([WFI_ID]);
    expect((await run('enable', '--team', BKN)).out).toContain('already uses');
  });

  it('sync writes the team to Shifts and reports counts; status shows it healthy', async () => {
    const r = await run('sync', '--team', BKN);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/shift\s+\d+\s+0\s+0\s+0\s+0/);
    expect(shiftsOf(h.emu, BKN).length).toBeGreaterThan(0);
    const again = await run('sync', '--team', BKN, '--full');
    expect(again.out).toMatch(/shift\s+0\s+0\s+0\s+\d+\s+0/);
    const s = await run('status');
    expect(s.out).toMatch(new RegExp(`${BKN}\\s+healthy`));
    expect(s.out).toContain(`modes ${BKN}: shifts two-way, openShifts two-way, timeOff two-way, timeOffRequests two-way, swapRequests two-way`);
    // Freshness in words, and per team in --json.
    expect(s.out).toMatch(new RegExp(`freshness ${BKN}: (WFM changes reach Shifts in about \\d+ (s|min) \\(95 % within \\d+ (s|min)\\)|No WFM change reached Shifts in the last hour); no change waiting`));
    const json = JSON.parse((await run('status', '--json')).out) as { teams: Array<{ teamId: string; freshness: { oldestUnsyncedAt: string | null; samples: number } }> };
    expect(json.teams.find((t) => t.teamId === BKN)?.freshness).toMatchObject({ oldestUnsyncedAt: null, samples: expect.any(Number) });
    const retry = await run('retry', '--team', BKN);
    expect(retry.out).toBe('Retried 0: 0 resolved, 0 still failing.');
  });

  it('map export writes CSV and map import refuses a bad file without changing anything', async () => {
    const exported = await run('map', 'export', 'teams');
    expect(exported.out.split(/\r?\n/)[0]).toBe('teamId,wfmTeamId,timeZone,ownerUserId,managerUserIds,enabled,syncModes');
    expect(exported.out).toContain(BKN);
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const bad = join(dir, 'teams.csv');
    writeFileSync(bad, 'teamId,wfmTeamId,timeZone,ownerUserId,managerUserIds,enabled\nteam-x,store-x,Mars/Olympus,,,true\n');
    const imported = await run('map', 'import', '--teams', bad);
    expect(imported.code).toBe(1);
    expect(imported.err).toContain(`${bad}:2:`);
    expect((await run('map', 'export', 'teams')).out).not.toContain('team-x');
  });

  it('doctor gives a verdict per check and passes on a healthy setup', async () => {
    const r = await run('doctor');
    expect(r.out).toContain('OK   WFI secret is 64 characters');
    expect(r.out).toContain('OK   this deployment answers /connect');
    expect(r.out).toContain('OK   a Graph token can be obtained');
    expect(r.out).toContain('OK   integration points at this deployment');
    expect(r.out).toContain(`OK   schedule of ${BKN} uses the integration`);
    expect(r.out).toContain(`OK   sync modes of ${BKN}: shifts two-way`);
    expect(r.out).toContain('OK   Entra client secret valid for 90+ days');
  });

  it('doctor fails the checks a wrong URL and a soon-expiring secret break', async () => {
    const io = capture();
    const code = await main(['doctor'], {
      env: { ...env, PUBLIC_URL: 'http://127.0.0.1:9', CLIENT_SECRET_EXPIRES_AT: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10) },
      io,
      build: { storeSchema: schema, jobsSchema: `${schema}_jobs` },
    });
    const out = io.lines.join('\n');
    expect(code).toBe(1);
    expect(out).toContain('FAIL this deployment answers /connect');
    expect(out).toContain('FAIL integration points at this deployment');
    expect(out).toMatch(/WARN Entra client secret valid for 90\+ days: expires in (19|20) days/);
    expect(out).toMatch(/Verdict: \d+ checks? failed\./);
  });

  it('explains its usage and rejects unknown commands', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "frobnicate"; commands: register, enable, map, sync, status, failures, retry, doctor, help');
    expect((await run('sync')).err).toContain('sync needs --team <teamId>');
  });
});
