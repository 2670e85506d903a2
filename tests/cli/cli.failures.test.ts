import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../connector/cli/main.ts';
import type { CliIo } from '../../connector/cli/io.ts';
import { deleteUserMapping } from '../../connector/mappings/index.ts';
import { DEMO_EMPLOYEES } from '../../connector/wfm/embedded/demo.ts';
import { TEST_DATABASE_URL, uniqueSchema } from '../support/env.ts';
import { BKN, connectorEnv, startHarness, type Harness } from '../sync/support/harness.ts';

describe.runIf(TEST_DATABASE_URL)('the failures command', () => {
  let h: Harness;
  const schema = uniqueSchema('clifail');
  let env: Record<string, string>;
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const errors: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: (l) => errors.push(l), progress: () => undefined };
    const code = await main(argv, { env, io, build: { storeSchema: schema, jobsSchema: `${schema}_jobs` } });
    return { code, out: lines.join('\n'), err: errors.join('\n') };
  };
  beforeAll(async () => {
    h = await startHarness({ backend: 'postgres', storeSchema: schema, jobsSchema: `${schema}_jobs` });
    env = { ...connectorEnv(h.emu), DATABASE_URL: TEST_DATABASE_URL!, PUBLIC_URL: h.t.url, LOG_LEVEL: 'silent' };
    // One employee without a Teams user: each of their shifts fails with UNMAPPED_EMPLOYEE.
    await deleteUserMapping(h.t.app.store, DEMO_EMPLOYEES.find((e) => e.wfmEmployeeId === 'E1001')!.userId);
    await h.sync.runNow(BKN, 'initial');
  }, 120_000);
  afterAll(async () => h?.close());

  it('lists the failures the tab lists (open and retrying by default), with their error and attempts', async () => {
    const tabList = await h.sync.service.listFailures({ teamIds: [BKN], state: ['open', 'retrying'] });
    expect(tabList.length).toBeGreaterThan(0);
    const r = await run('failures', '--team', BKN);
    expect(r.code).toBe(0);
    const ids = r.out.split('\n').map((l) => /^(\S+)\s+\S+\s+shift\s/.exec(l)?.[1]).filter(Boolean);
    expect(ids).toEqual(tabList.map((f) => f.id));
    expect(r.out).toContain('UNMAPPED_EMPLOYEE');
    expect(r.out).toContain(`${tabList.length} failures`);
  }, 60_000);

  it('filters by entity, error code and state like the tab', async () => {
    expect((await run('failures', 'entity=openShift')).out).toMatch(/^No open or retrying failures/);
    expect((await run('failures', 'code=UNMAPPED_EMPLOYEE', 'state=open')).out).toContain('UNMAPPED_EMPLOYEE');
    expect((await run('failures', 'state=resolved')).out).toMatch(/^No resolved failures/);
  }, 60_000);

  it('refuses an unknown filter or state with one clear line', async () => {
    const bad = await run('failures', 'state=broken');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('failures: unknown state "broken" (one of open, retrying, resolved, handled)');
    expect((await run('failures', 'colour=red')).err).toContain('unknown filter "colour"');
  }, 60_000);
});
