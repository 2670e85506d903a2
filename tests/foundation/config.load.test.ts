import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../connector/config/index.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'cfg-'));
const SECRET = 'a'.repeat(64);
const production = {
  CLIENT_ID: '11111111-1111-1111-1111-111111111111',
  CLIENT_SECRET: 'client-secret',
  TENANT_ID: '22222222-2222-2222-2222-222222222222',
  PUBLIC_URL: 'https://shifts.contoso.com/',
  WFI_SECRET: SECRET,
};

function problemsOf(env: Record<string, string>, cwd = tmp()): string[] {
  try {
    loadConfig({ DATA_DIR: 'memory://', ...env }, { cwd, dotenv: false });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('runs in local mode with documented defaults when no Entra credentials are set', () => {
    const c = loadConfig({ DATA_DIR: 'memory://' }, { dotenv: false });
    expect(c.localMode).toBe(true);
    expect(c.server.port).toBe(3978);
    expect(c.sync).toMatchObject({ mode: 'two-way', intervalMinutes: 10, windowDays: 14, oneWayAllowed: [] });
    expect(c.wfm.adapter).toBe('embedded');
    expect(c.graph.baseUrl).toBe('http://127.0.0.1:3979');
    expect(c.wfi.secrets[0]).toHaveLength(64);
    expect(c.wfi.id).not.toBe('');
  });

  it('listens on loopback in local mode and on every interface in production, unless HOST says otherwise', () => {
    expect(loadConfig({ DATA_DIR: 'memory://' }, { dotenv: false }).server).toMatchObject({ host: '127.0.0.1', remoteInLocalMode: false });
    expect(loadConfig({ DATA_DIR: 'memory://', ...production }, { dotenv: false }).server.host).toBe('0.0.0.0');
    expect(loadConfig({ DATA_DIR: 'memory://', ...production, HOST: '10.0.0.5' }, { dotenv: false }).server.host).toBe('10.0.0.5');
    expect(loadConfig({ DATA_DIR: 'memory://', HOST: '::1' }, { dotenv: false }).server.host).toBe('::1');
  });

  it('refuses a non-loopback HOST in local mode without the explicit opt-in, and names it', () => {
    const problems = problemsOf({ HOST: '0.0.0.0' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^HOST: local mode .* listens on loopback only; 0\.0\.0\.0 .* LOCAL_MODE_ALLOW_REMOTE=true/);
    const opted = loadConfig({ DATA_DIR: 'memory://', HOST: '0.0.0.0', LOCAL_MODE_ALLOW_REMOTE: 'true' }, { dotenv: false });
    expect(opted.server).toMatchObject({ host: '0.0.0.0', remoteInLocalMode: true });
    expect(problemsOf({ HOST: 'every interface' })).toEqual(['HOST: must be an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0']);
  });

  it('names the variable and the rule when WFI_SECRET has 10 characters', () => {
    const problems = problemsOf({ WFI_SECRET: '0123456789' });
    expect(problems).toEqual(['WFI_SECRET: must be exactly 64 characters (Shifts rejects any other length)']);
  });

  it('lists every bad variable in one error', () => {
    const problems = problemsOf({ PORT: 'eighty', SYNC_MODE: 'sideways', SYNC_WINDOW_DAYS: '0' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['PORT', 'SYNC_MODE', 'SYNC_WINDOW_DAYS']);
    expect(problems.find((p) => p.startsWith('SYNC_MODE'))).toContain('two-way, one-way');
  });

  it('requires the tenant, public URL and webhook secret once Entra credentials are set', () => {
    const problems = problemsOf({ CLIENT_ID: production.CLIENT_ID, CLIENT_SECRET: 'x' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['PUBLIC_URL', 'TENANT_ID', 'WFI_SECRET']);
  });

  it('accepts a complete production configuration and normalises the public URL', () => {
    const c = loadConfig(production, { dotenv: false, cwd: tmp() });
    expect(c.localMode).toBe(false);
    expect(c.server.publicUrl).toBe('https://shifts.contoso.com');
    expect(c.graph.baseUrl).toBe('https://graph.microsoft.com');
    expect(c.wfi.secrets).toEqual([SECRET]);
  });

  it('accepts the previous secret during rotation, after the current one', () => {
    const previous = 'b'.repeat(64);
    const c = loadConfig({ ...production, WFI_SECRET_PREVIOUS: previous }, { dotenv: false, cwd: tmp() });
    expect(c.wfi.secrets).toEqual([SECRET, previous]);
  });

  it('reads secrets from NAME_FILE, trimming the trailing newline', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'wfi'), `${SECRET}\n`);
    const { WFI_SECRET: _omit, ...rest } = production;
    const c = loadConfig({ ...rest, WFI_SECRET_FILE: 'wfi' }, { dotenv: false, cwd: dir });
    expect(c.wfi.secrets).toEqual([SECRET]);
  });

  it('refuses a secret given both directly and as a file, and a missing secret file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'wfi'), SECRET);
    expect(problemsOf({ WFI_SECRET: SECRET, WFI_SECRET_FILE: 'wfi' }, dir)).toEqual([
      'WFI_SECRET: set either WFI_SECRET or WFI_SECRET_FILE, not both',
    ]);
    expect(problemsOf({ BOT_PASSWORD_FILE: 'nope' }, dir)[0]).toMatch(/^BOT_PASSWORD_FILE: cannot read nope \(ENOENT\)/);
  });

  it('reads .env from the working directory, with the environment winning', () => {
    const dir = tmp();
    writeFileSync(join(dir, '.env'), 'SYNC_INTERVAL_MINUTES=5\nSYNC_WINDOW_DAYS=21\n');
    const c = loadConfig({ DATA_DIR: 'memory://', SYNC_WINDOW_DAYS: '7' }, { cwd: dir });
    expect(c.sync.intervalMinutes).toBe(5);
    expect(c.sync.windowDays).toBe(7);
  });

  it('parses the one-way exceptions case-insensitively and rejects unknown entity types', () => {
    const c = loadConfig({ DATA_DIR: 'memory://', SYNC_MODE: 'one-way', ONE_WAY_ALLOWED_ENTITIES: 'timeoffrequest, Shift' }, { dotenv: false });
    expect(c.sync.oneWayAllowed).toEqual(['TimeOffRequest', 'Shift']);
    expect(problemsOf({ ONE_WAY_ALLOWED_ENTITIES: 'Shift,Holiday' })[0]).toMatch(/^ONE_WAY_ALLOWED_ENTITIES: unknown entity type "Holiday"/);
  });

  it('keeps generated local-mode secrets across restarts, readable only by the owner', () => {
    const dir = tmp();
    const first = loadConfig({}, { cwd: dir, dotenv: false });
    const second = loadConfig({}, { cwd: dir, dotenv: false });
    expect(second.wfi).toEqual(first.wfi);
    const file = join(dir, 'data', 'local-secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).wfiSecret).toBe(first.wfi.secrets[0]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('requires the HTTP adapter to know where the WFM is and how to authenticate', () => {
    const problems = problemsOf({ WFM_ADAPTER: 'http' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['WFM_API_KEY', 'WFM_BASE_URL']);
  });

  describe('refuses at load time each value that would crash later', () => {
    it.each([
      ['SYNC_RECONCILE_CRON', '99 99 * * *', /^SYNC_RECONCILE_CRON: is not a valid cron expression \(.*59.*\)/],
      ['SYNC_RECONCILE_CRON', '0 0 31 2 *', /^SYNC_RECONCILE_CRON: is not a valid cron expression/],
      ['SYNC_RECONCILE_CRON', 'nightly', /^SYNC_RECONCILE_CRON: must be a cron expression with 5 fields/],
      ['PUBLIC_URL', 'https://', /^PUBLIC_URL: must be an http\(s\) URL/],
      ['PUBLIC_URL', 'ftp://shifts.contoso.com', /^PUBLIC_URL: must be an http\(s\) URL/],
      ['GRAPH_BASE_URL', 'https://graph.micro soft.com', /^GRAPH_BASE_URL: must be an http\(s\) URL/],
      ['WFM_BASE_URL', 'http://[::1', /^WFM_BASE_URL: must be an http\(s\) URL/],
      ['TENANT_ID', 'contoso.onmicrosoft.com', /^TENANT_ID: must be the Entra tenant id \(a GUID\)$/],
      ['CLIENT_ID', 'my-app', /^CLIENT_ID: must be the Entra application \(client\) id \(a GUID\)$/],
      ['CLIENT_SECRET_EXPIRES_AT', 'next year', /^CLIENT_SECRET_EXPIRES_AT: must be an ISO 8601 date/],
      ['CALENDAR_SCOPE_SAMPLE_USER', 'avery@contoso.com', /^CALENDAR_SCOPE_SAMPLE_USER: must be a worker's Entra object id \(a GUID\)$/],
      ['CALENDAR_SCOPE_OUTSIDE_USER', 'ceo', /^CALENDAR_SCOPE_OUTSIDE_USER: must be the Entra object id \(a GUID\) of a user outside the scope$/],
      ['LOG_FORMAT', 'xml', /^LOG_FORMAT: must be one of auto, json, pretty$/],
    ])('%s=%s', (name, value, rule) => {
      const problems = problemsOf({ [name]: value });
      expect(problems.find((p) => p.startsWith(`${name}:`))).toMatch(rule);
    });

    it('accepts valid cron expressions and URLs', () => {
      const c = loadConfig({ DATA_DIR: 'memory://', SYNC_RECONCILE_CRON: '*/30 2-4 * * 1-5', WFM_BASE_URL: 'http://[::1]:8080/api' }, { dotenv: false });
      expect(c.sync.reconcileCron).toBe('*/30 2-4 * * 1-5');
      expect(c.wfm.baseUrl).toBe('http://[::1]:8080/api');
    });
  });
});
