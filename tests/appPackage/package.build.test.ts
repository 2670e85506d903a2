import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAppPackage, packagePath, readZip, validateManifestSchema } from '../../scripts/package/index.ts';
import { envText, PROVISIONED, removeTempProjects, ROOT, tempProject } from './project.ts';

const run = promisify(execFile);
const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
const committedDevEnv = readFileSync(join(ROOT, 'env', '.env.dev'), 'utf8');

/** Every http(s) URL inside a JSON value. */
function urls(value: unknown): string[] {
  if (typeof value === 'string') return /^https?:\/\//i.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urls);
  if (value && typeof value === 'object') return Object.values(value).flatMap(urls);
  return [];
}

describe('npm run package', () => {
  afterAll(removeTempProjects);

  it('writes appPackage.{env}.zip with manifest.json, color.png and outline.png at the root', async () => {
    const dir = tempProject({ dev: envText(PROVISIONED) });
    const result = await buildAppPackage({ root: dir, env: 'dev' });
    expect(result.ok).toBe(true);
    const zipFile = join(dir, packagePath('dev'));
    expect(zipFile).toBe(join(dir, 'appPackage', 'build', 'appPackage.dev.zip'));

    const entries = await readZip(readFileSync(zipFile));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(entries.get('color.png')!.equals(readFileSync(join(ROOT, 'appPackage', 'color.png')))).toBe(true);
    expect(entries.get('outline.png')!.equals(readFileSync(join(ROOT, 'appPackage', 'outline.png')))).toBe(true);

    const text = entries.get('manifest.json')!.toString('utf8');
    expect(text).not.toContain('${{');
    const manifest = JSON.parse(text) as Record<string, unknown>;
    expect(manifest.id).toBe(PROVISIONED.TEAMS_APP_ID);
    expect(await validateManifestSchema(manifest)).toEqual([]);
    const all = urls(manifest);
    expect(all.length).toBeGreaterThan(5);
    for (const url of all) expect(url).toMatch(/^https:\/\//);
  });

  it('fails on the committed env/.env.dev, listing every placeholder that has no value, and writes nothing', async () => {
    const dir = tempProject({ dev: committedDevEnv });
    const result = await buildAppPackage({ root: dir, env: 'dev' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.every((p) => p.code === 'unresolved_placeholder')).toBe(true);
    const messages = result.error.map((p) => p.message);
    for (const name of ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID', 'DEVELOPER_NAME', 'DEVELOPER_WEBSITE_URL', 'PRIVACY_URL', 'TERMS_OF_USE_URL']) {
      expect(messages).toContain(`\${{${name}}} in appPackage/manifest.json has no value: set ${name} in env/.env.dev`);
    }
    expect(messages).toContain('${{TAB_ENDPOINT}} in appPackage/manifest.json has no value: set PUBLIC_URL (TAB_ENDPOINT is derived from it) in env/.env.dev');
    expect(messages).toContain('${{TAB_DOMAIN}} in appPackage/manifest.json has no value: set PUBLIC_URL (TAB_DOMAIN is derived from it) in env/.env.dev');
    expect(messages).toHaveLength(9);
    expect(existsSync(join(dir, packagePath('dev')))).toBe(false);
  });

  it('takes values from env/.env.{env}.user too, where provisioning keeps what it must not commit', async () => {
    const { BOT_ID, ...rest } = PROVISIONED;
    const dir = tempProject({ dev: envText({ ...rest, BOT_ID: '' }), 'dev.user': envText({ BOT_ID }) });
    const result = await buildAppPackage({ root: dir, env: 'dev' });
    expect(result.ok && (result.value.manifest.bots as { botId: string }[])[0]!.botId).toBe(BOT_ID);
  });

  it('refuses plain http URLs outside the local environment', async () => {
    const values = { ...PROVISIONED, PUBLIC_URL: 'http://shifts.contoso.com', PRIVACY_URL: 'http://www.contoso.com/privacy' };
    const dir = tempProject({ dev: envText(values), local: envText(values) });
    const dev = await buildAppPackage({ root: dir, env: 'dev' });
    expect(dev.ok).toBe(false);
    if (dev.ok) return;
    expect(dev.error.map((p) => p.message).sort()).toEqual([
      'manifest.json/developer/privacyUrl: "http://www.contoso.com/privacy" must be an https URL',
      'manifest.json/staticTabs/0/contentUrl: "http://shifts.contoso.com/tab/?inTeams=1" must be an https URL',
      'manifest.json/staticTabs/0/websiteUrl: "http://shifts.contoso.com/tab/" must be an https URL',
    ]);
    expect(existsSync(join(dir, packagePath('dev')))).toBe(false);

    const local = await buildAppPackage({ root: dir, env: 'local' });
    expect(local.ok).toBe(true);
    expect(existsSync(join(dir, packagePath('local')))).toBe(true);
  });

  it('reports schema and icon problems together instead of one per run', async () => {
    const dir = tempProject({ dev: envText({ ...PROVISIONED, TEAMS_APP_ID: 'not-a-guid' }) });
    writeFileSync(join(dir, 'appPackage', 'outline.png'), readFileSync(join(ROOT, 'appPackage', 'color.png')));
    const result = await buildAppPackage({ root: dir, env: 'dev' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const codes = result.error.map((p) => p.code);
    expect(codes).toContain('manifest_schema');
    expect(codes).toContain('icon_invalid');
    expect(result.error.map((p) => p.message)).toContain('outline.png: must be exactly 32×32 pixels, found 192×192');
  });

  it('names the missing environment file', async () => {
    const dir = tempProject({});
    const result = await buildAppPackage({ root: dir, env: 'prod' });
    expect(result).toEqual({
      ok: false,
      error: [{ code: 'env_file_missing', message: 'env/.env.prod does not exist; copy env/.env.dev to create the "prod" environment' }],
    });
  });

  it('builds byte-identical zips from identical inputs', async () => {
    const dir = tempProject({ dev: envText(PROVISIONED) });
    await buildAppPackage({ root: dir, env: 'dev' });
    const first = readFileSync(join(dir, packagePath('dev')));
    await buildAppPackage({ root: dir, env: 'dev' });
    expect(readFileSync(join(dir, packagePath('dev'))).equals(first)).toBe(true);
  });

  // Spawns the real command line (tsx start-up dominates), hence the longer timeout.
  it('exits non-zero from the command line with the list, asks for --env, and reports the zip it wrote', async () => {
    const failing = tempProject({ dev: committedDevEnv });
    const failure = await run(tsx, ['scripts/package.ts', '--env', 'dev', '--root', failing], { cwd: ROOT }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('Cannot build the app package for "dev":');
    expect(failure?.stderr).toContain('  - ${{TEAMS_APP_ID}} in appPackage/manifest.json has no value: set TEAMS_APP_ID in env/.env.dev');

    const usage = await run(tsx, ['scripts/package.ts'], { cwd: ROOT }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(usage?.code).toBe(2);
    expect(usage?.stderr).toContain('usage: npm run package -- --env <name>');

    const good = tempProject({ dev: envText(PROVISIONED) });
    const built = await run(tsx, ['scripts/package.ts', '--env', 'dev', '--root', good], { cwd: ROOT });
    expect(built.stdout).toBe('Built appPackage/build/appPackage.dev.zip (manifest.json, color.png, outline.png)\n');
    expect(existsSync(join(good, packagePath('dev')))).toBe(true);
  }, 120_000);
});
