import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../connector/config/schema.ts';
import {
  ENDPOINT_VARIABLES,
  GENERATED_SECRET,
  knownActions,
  placeholderNames,
  SCHEMA_COMMENT,
  unprovidedPlaceholders,
  validateProjectFile,
  type ProjectFile,
  type ProjectStep,
} from '../../scripts/package/index.ts';
import { ROOT } from './project.ts';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const PROJECT_FILES = [
  { file: 'teamsapp.yml', env: 'dev' },
  { file: 'teamsapp.local.yml', env: 'local' },
] as const;

function load(file: string): ProjectFile {
  const { problems, doc } = validateProjectFile(file, read(file));
  expect(problems).toEqual([]);
  return doc!;
}

const uses = (steps: ProjectStep[] | undefined) => (steps ?? []).map((s) => s.uses);
const step = (steps: ProjectStep[] | undefined, action: string) => (steps ?? []).find((s) => s.uses === action);

describe.each(PROJECT_FILES)('$file', ({ file, env }) => {
  it('declares version v1.13 under the yaml-language-server schema comment and passes the v1.13 schema', () => {
    const text = read(file);
    expect(text.split('\n')[0]).toBe(SCHEMA_COMMENT);
    expect(SCHEMA_COMMENT).toBe('# yaml-language-server: $schema=https://aka.ms/teams-toolkit/v1.13/yaml.schema.json');
    const doc = load(file);
    expect(doc.version).toBe('v1.13');
    const known = new Set(knownActions());
    for (const lifecycle of ['provision', 'deploy', 'publish'] as const) {
      for (const action of uses(doc[lifecycle])) expect(known, `${lifecycle}: ${action}`).toContain(action);
    }
  });

  it('provisions the Teams app, the Entra app with its manifest, the bot and the validated package in order', () => {
    const doc = load(file);
    expect(uses(doc.provision)).toEqual([
      'script',
      'teamsApp/create',
      'aadApp/create',
      'aadApp/update',
      'aadApp/create',
      'botFramework/create',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    expect(step(doc.provision, 'script')?.with?.run).toBe('npx tsx scripts/package-toolkit-env.ts');
    expect(step(doc.provision, 'aadApp/update')?.with?.manifestPath).toBe('./aad.manifest.json');
    expect(step(doc.provision, 'botFramework/create')?.with).toMatchObject({
      botId: '${{BOT_ID}}',
      messagingEndpoint: '${{BOT_ENDPOINT}}/api/messages',
      channels: [{ name: 'msteams' }],
    });
    expect(step(doc.provision, 'teamsApp/zipAppPackage')?.with).toEqual({
      manifestPath: './appPackage/manifest.json',
      outputZipPath: './appPackage/build/appPackage.${{TEAMSFX_ENV}}.zip',
      outputFolder: './appPackage/build',
    });
    // Client secrets only ever go to SECRET_* variables (kept in the uncommitted .user file).
    expect(step(doc.provision, 'aadApp/create')?.writeToEnvironmentFile?.clientSecret).toBe('SECRET_AAD_APP_CLIENT_SECRET');
    const bot = (doc.provision ?? []).filter((s) => s.uses === 'aadApp/create')[1];
    expect(bot?.writeToEnvironmentFile).toEqual({ clientId: 'BOT_ID', clientSecret: 'SECRET_BOT_PASSWORD', objectId: 'BOT_OBJECT_ID' });
    // Single tenant like the connector, which authenticates the bot as SingleTenant with TENANT_ID.
    expect(bot?.with).toMatchObject({ signInAudience: 'AzureADMyOrg', generateServicePrincipal: true, generateClientSecret: true });
    expect(uses(doc.provision)).not.toContain('botAadApp/create');
  });

  it('deploys by installing and writing .env with the variable names the connector reads', () => {
    const doc = load(file);
    const write = step(doc.deploy, 'file/createOrUpdateEnvironmentFile');
    expect(write?.with?.target).toBe('./.env');
    const envs = write?.with?.envs as Record<string, string>;
    const configNames = Object.keys(envSchema.shape);
    for (const name of Object.keys(envs)) expect(configNames, `${name} is a connector setting`).toContain(name);
    expect(envs).toMatchObject({
      PUBLIC_URL: '${{PUBLIC_URL}}',
      TENANT_ID: '${{AAD_APP_TENANT_ID}}',
      CLIENT_ID: '${{AAD_APP_CLIENT_ID}}',
      CLIENT_SECRET: '${{SECRET_AAD_APP_CLIENT_SECRET}}',
      BOT_ID: '${{BOT_ID}}',
      BOT_PASSWORD: '${{SECRET_BOT_PASSWORD}}',
      TEAMS_APP_ID: '${{TEAMS_APP_ID}}',
      WFI_SECRET: `\${{${GENERATED_SECRET}}}`,
    });
  });

  it('runs only npm scripts that package.json defines', () => {
    const doc = load(file);
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const npm = (doc.deploy ?? []).filter((s) => s.uses === 'cli/runNpmCommand').map((s) => String(s.with?.args));
    expect(npm[0]).toMatch(/^(ci|install)\b/);
    for (const args of npm) {
      const name = /^run (\S+)/.exec(args)?.[1];
      if (name) expect(Object.keys(scripts), `npm ${args}`).toContain(name);
    }
  });

  it('uses no placeholder before the environment file or an earlier step provides it', () => {
    const doc = load(file);
    const envKeys = Object.keys(parseEnv(read(`env/.env.${env}`)));
    const missing = unprovidedPlaceholders(doc, {
      envKeys,
      scriptOutputs: [...ENDPOINT_VARIABLES, GENERATED_SECRET],
      files: {
        './appPackage/manifest.json': placeholderNames(read('appPackage/manifest.json')),
        './aad.manifest.json': placeholderNames(read('aad.manifest.json')),
      },
    });
    expect(missing).toEqual([]);
  });
});

describe('project file validation', () => {
  it('publishes the way the toolkit templates do', () => {
    const doc = load('teamsapp.yml');
    expect(uses(doc.publish)).toEqual([
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
      'teamsApp/publishAppPackage',
    ]);
    expect(step(doc.publish, 'teamsApp/publishAppPackage')?.writeToEnvironmentFile).toEqual({ publishedAppId: 'TEAMS_APP_PUBLISHED_APP_ID' });
  });

  it('names an unknown action and pinpoints a bad step instead of failing vaguely', () => {
    const text = read('teamsapp.yml')
      .replace('uses: teamsApp/create', 'uses: teamsApp/creat')
      .replace('messagingEndpoint: ${{BOT_ENDPOINT}}/api/messages', 'endpoint: ${{BOT_ENDPOINT}}/api/messages');
    const messages = validateProjectFile('teamsapp.yml', text).problems.map((p) => p.message);
    expect(messages).toContain('teamsapp.yml: provision[1]: unknown action "teamsApp/creat"');
    expect(messages).toContain("teamsapp.yml: provision[5] (botFramework/create)/with must have required property 'messagingEndpoint'");
    expect(messages).toContain('teamsapp.yml: provision[5] (botFramework/create)/with must NOT have additional properties (endpoint)');
  });

  it('rejects a wrong version, a missing schema comment and broken YAML', () => {
    const text = read('teamsapp.yml');
    const wrongVersion = validateProjectFile('t.yml', text.replace('version: v1.13', 'version: v1.5')).problems.map((p) => p.message);
    expect(wrongVersion).toEqual(['t.yml: version must be v1.13']);
    const noComment = validateProjectFile('t.yml', text.split('\n').slice(1).join('\n')).problems.map((p) => p.message);
    expect(noComment).toEqual([`t.yml: the first line must be "${SCHEMA_COMMENT}"`]);
    const broken = validateProjectFile('t.yml', `${SCHEMA_COMMENT}\nversion: v1.13\nprovision:\n  - uses: [unclosed\n`).problems;
    expect(broken[0]?.message).toMatch(/^t\.yml: YAML: /);
  });

  it('uses the vendored toolkit schema unchanged (source noted in appPackage/schema/README.md)', () => {
    const bytes = readFileSync(join(ROOT, 'appPackage', 'schema', 'teamsapp-yaml-v1.13.schema.json'));
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(read('appPackage/schema/README.md')).toContain(sha);
    expect(read('appPackage/schema/README.md')).toContain('@microsoft/m365agentstoolkit-cli` version 1.1.17');
  });
});

describe('aad.manifest.json', () => {
  const aad = JSON.parse(read('aad.manifest.json')) as {
    identifierUris: string[];
    accessTokenAcceptedVersion: number;
    signInAudience: string;
    oauth2Permissions: { id: string; value: string; type: string; isEnabled: boolean }[];
    preAuthorizedApplications: { appId: string; permissionIds: string[] }[];
    requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
  };

  it('exposes access_as_user at the same application ID URI the Teams manifest names', () => {
    const manifest = JSON.parse(read('appPackage/manifest.json')) as { webApplicationInfo: { resource: string } };
    expect(aad.identifierUris).toEqual([manifest.webApplicationInfo.resource]);
    expect(aad.accessTokenAcceptedVersion).toBe(2);
    expect(aad.signInAudience).toBe('AzureADMyOrg');
    expect(aad.oauth2Permissions).toEqual([
      expect.objectContaining({ id: '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}', value: 'access_as_user', type: 'User', isEnabled: true }),
    ]);
  });

  it('pre-authorises the Teams desktop, mobile and web clients for silent sign-on', () => {
    const byId = new Map(aad.preAuthorizedApplications.map((a) => [a.appId, a.permissionIds]));
    for (const teamsClient of ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']) {
      expect(byId.get(teamsClient)).toEqual(['${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}']);
    }
  });

  it('requests Schedule.ReadWrite.All as an application permission and nothing broader than documented', () => {
    const graph = aad.requiredResourceAccess.find((r) => r.resourceAppId === 'Microsoft Graph');
    expect(graph?.resourceAccess).toEqual([
      { id: 'Schedule.ReadWrite.All', type: 'Role' },
      { id: 'WorkforceIntegration.ReadWrite.All', type: 'Scope' },
      { id: 'User.Read', type: 'Scope' },
    ]);
    const guide = read('docs/admin-guide.md');
    for (const { id } of graph?.resourceAccess ?? []) expect(guide, `${id} is explained in the admin guide`).toContain(`\`${id}\``);
  });
});

describe('environment files', () => {
  it('commits env/.env.dev and env/.env.local with every generated value empty', () => {
    for (const { file, env } of PROJECT_FILES) {
      const values = parseEnv(read(`env/.env.${env}`));
      expect(values.TEAMSFX_ENV).toBe(env);
      const doc = load(file);
      const generated = [...ENDPOINT_VARIABLES, ...(doc.provision ?? []).flatMap((s) => Object.values(s.writeToEnvironmentFile ?? {}))];
      for (const name of generated.filter((n) => !n.startsWith('SECRET_'))) {
        expect(values[name], `${name} in env/.env.${env}`).toBe('');
      }
      // Secrets never appear in the committed files, not even empty.
      expect(Object.keys(values).filter((k) => k.startsWith('SECRET_'))).toEqual([]);
    }
  });

  it('keeps the .user files with the secrets out of git', () => {
    for (const file of ['env/.env.dev.user', 'env/.env.local.user', 'env/.env.prod.user']) {
      // git check-ignore exits 0 when the path is ignored (and throws otherwise).
      expect(execFileSync('git', ['check-ignore', file], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe(file);
    }
  });
});
