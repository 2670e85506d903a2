import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GENERATED_SECRET, toolkitOutputs } from '../../scripts/package/index.ts';
import { ROOT } from './project.ts';

const run = promisify(execFile);

describe('the provisioning step that derives endpoints (scripts/package-toolkit-env.ts)', () => {
  it('derives the toolkit endpoint variables from PUBLIC_URL and generates the 64-character secret once', () => {
    const result = toolkitOutputs({ PUBLIC_URL: 'https://shifts.contoso.com/' }, () => 'f'.repeat(64));
    expect(result).toEqual({
      ok: true,
      value: [
        '::set-teamsfx-env TAB_ENDPOINT=https://shifts.contoso.com',
        '::set-teamsfx-env TAB_DOMAIN=shifts.contoso.com',
        '::set-teamsfx-env BOT_ENDPOINT=https://shifts.contoso.com',
        '::set-teamsfx-env BOT_DOMAIN=shifts.contoso.com',
        `::set-teamsfx-env ${GENERATED_SECRET}=${'f'.repeat(64)}`,
      ],
    });
  });

  it('never rotates a secret that is already set', () => {
    const existing = 'a'.repeat(64);
    const result = toolkitOutputs({ PUBLIC_URL: 'https://x.contoso.com:8443/shifts', [GENERATED_SECRET]: existing }, () => {
      throw new Error('must not generate');
    });
    expect(result.ok && result.value).toEqual([
      '::set-teamsfx-env TAB_ENDPOINT=https://x.contoso.com:8443/shifts',
      '::set-teamsfx-env TAB_DOMAIN=x.contoso.com:8443',
      '::set-teamsfx-env BOT_ENDPOINT=https://x.contoso.com:8443/shifts',
      '::set-teamsfx-env BOT_DOMAIN=x.contoso.com:8443',
    ]);
  });

  it('stops provisioning when PUBLIC_URL is missing, not https, or the secret has the wrong length', () => {
    expect(toolkitOutputs({})).toMatchObject({ ok: false, error: [{ code: 'public_url_invalid' }] });
    expect(toolkitOutputs({ PUBLIC_URL: 'http://shifts.contoso.com' })).toMatchObject({
      ok: false,
      error: [{ code: 'public_url_invalid', message: 'PUBLIC_URL "http://shifts.contoso.com" must be an https URL that Teams can reach' }],
    });
    expect(toolkitOutputs({ PUBLIC_URL: 'https://shifts.contoso.com', [GENERATED_SECRET]: 'short' })).toMatchObject({
      ok: false,
      error: [{ code: 'secret_invalid' }],
    });
  });

  // Spawns the real script three times (tsx start-up dominates), hence the longer timeout.
  it('prints the lines the toolkit reads, with a fresh random secret each first run', async () => {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const env = { PATH: process.env.PATH, PUBLIC_URL: 'https://shifts.contoso.com' };
    const a = await run(tsx, ['scripts/package-toolkit-env.ts'], { cwd: ROOT, env });
    const b = await run(tsx, ['scripts/package-toolkit-env.ts'], { cwd: ROOT, env });
    const secret = (out: string) => /SECRET_WFI_SECRET=([0-9a-f]+)\n/.exec(out)?.[1];
    expect(a.stdout).toContain('::set-teamsfx-env BOT_ENDPOINT=https://shifts.contoso.com\n');
    expect(secret(a.stdout)).toHaveLength(64);
    expect(secret(a.stdout)).not.toBe(secret(b.stdout));
    const failed = await run(tsx, ['scripts/package-toolkit-env.ts'], { cwd: ROOT, env: { PATH: process.env.PATH } }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('PUBLIC_URL is empty');
  }, 120_000);
});
