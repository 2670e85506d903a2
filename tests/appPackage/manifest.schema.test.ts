import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkManifestRules,
  derivedEndpoints,
  MANIFEST_VERSION,
  placeholderNames,
  resolveJsonPlaceholders,
  schemaUrl,
  validateManifestSchema,
} from '../../scripts/package/index.ts';
import { PROVISIONED, ROOT } from './project.ts';

const template = readFileSync(join(ROOT, 'appPackage', 'manifest.json'), 'utf8');

/** The committed manifest with the values a provisioned environment supplies. */
function resolvedManifest(values: Record<string, string> = PROVISIONED): Record<string, unknown> {
  const all = { ...values, ...derivedEndpoints(values.PUBLIC_URL) };
  const { text, unresolved } = resolveJsonPlaceholders(template, all);
  expect(unresolved).toEqual([]);
  return JSON.parse(text) as Record<string, unknown>;
}

type Manifest = ReturnType<typeof resolvedManifest> & {
  bots: { botId: string; scopes: string[]; isNotificationOnly: boolean; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
  staticTabs: { entityId: string; name?: string; contentUrl?: string; websiteUrl?: string; scopes: string[] }[];
  webApplicationInfo: { id: string; resource: string };
  validDomains: string[];
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the Teams app manifest', () => {
  it('validates against the official v1.30 schema bundled with @microsoft/app-manifest, without the network', async () => {
    const fetch = vi.fn(() => Promise.reject(new Error('network used')));
    vi.stubGlobal('fetch', fetch);
    const manifest = resolvedManifest();
    expect(manifest.manifestVersion).toBe(MANIFEST_VERSION);
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json');
    expect(await validateManifestSchema(manifest)).toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reports schema violations by path, so a broken manifest never ships', async () => {
    const manifest = resolvedManifest();
    manifest.accentColor = 'blue';
    delete (manifest.developer as Record<string, unknown>).privacyUrl;
    (manifest as Manifest).bots[0]!.scopes = ['groupchat'];
    const messages = (await validateManifestSchema(manifest)).map((p) => p.message).join('\n');
    expect(messages).toContain('/accentColor must match pattern');
    expect(messages).toContain("/developer must have required property 'privacyUrl'");
    expect(messages).toContain('/bots/0/scopes/0 must be equal to one of the allowed values');
  });

  it('refuses a manifest version it has no bundled schema for instead of downloading one', async () => {
    const manifest = resolvedManifest();
    manifest.manifestVersion = '1.99';
    manifest.$schema = schemaUrl('1.99');
    const problems = await validateManifestSchema(manifest);
    expect(problems).toEqual([{ code: 'manifest_schema', message: expect.stringContaining('no bundled schema for manifestVersion "1.99"') as string }]);
  });

  it('offers managers one personal bot with the status, failures and help commands', () => {
    const m = resolvedManifest() as Manifest;
    expect(m.bots).toHaveLength(1);
    const bot = m.bots[0]!;
    expect(bot.botId).toBe(PROVISIONED.BOT_ID);
    expect(bot.scopes).toEqual(['personal']);
    expect(bot.isNotificationOnly).toBe(false);
    expect(bot.commandLists).toHaveLength(1);
    expect(bot.commandLists[0]!.scopes).toEqual(['personal']);
    expect(bot.commandLists[0]!.commands.map((c) => c.title)).toEqual(['status', 'failures', 'help']);
  });

  it('has a personal "Sync status" tab marked as opened in Teams, plus the reserved chat and about tabs', () => {
    const m = resolvedManifest() as Manifest;
    const [status, chat, about] = m.staticTabs;
    expect(status).toMatchObject({
      entityId: 'syncStatus',
      name: 'Sync status',
      contentUrl: 'https://shifts.contoso.com/tab/?inTeams=1',
      websiteUrl: 'https://shifts.contoso.com/tab/',
      scopes: ['personal'],
    });
    expect(chat).toEqual({ entityId: 'conversations', scopes: ['personal'] });
    expect(about).toEqual({ entityId: 'about', scopes: ['personal'] });
  });

  it('declares tab single sign-on as api://{domain}/{client id} on a valid domain', () => {
    const m = resolvedManifest() as Manifest;
    expect(m.webApplicationInfo).toEqual({
      id: PROVISIONED.AAD_APP_CLIENT_ID,
      resource: `api://shifts.contoso.com/${PROVISIONED.AAD_APP_CLIENT_ID}`,
    });
    expect(m.validDomains).toEqual(['shifts.contoso.com']);
    expect(m.permissions).toEqual(['identity', 'messageTeamMembers']);
    expect(checkManifestRules(m, { allowHttp: false })).toEqual([]);
  });

  it('keeps the port in the domain when the deployment listens on one', () => {
    const m = resolvedManifest({ ...PROVISIONED, PUBLIC_URL: 'https://connector.contoso.com:8443/shifts/' }) as Manifest;
    expect(m.staticTabs[0]!.contentUrl).toBe('https://connector.contoso.com:8443/shifts/tab/?inTeams=1');
    expect(m.validDomains).toEqual(['connector.contoso.com:8443']);
    expect(m.webApplicationInfo.resource).toBe(`api://connector.contoso.com:8443/${PROVISIONED.AAD_APP_CLIENT_ID}`);
  });

  it('uses only Teams Toolkit placeholders the environment files define', () => {
    const names = placeholderNames(template);
    expect(names.sort()).toEqual(
      ['AAD_APP_CLIENT_ID', 'BOT_ID', 'DEVELOPER_NAME', 'DEVELOPER_WEBSITE_URL', 'PRIVACY_URL', 'TAB_DOMAIN', 'TAB_ENDPOINT', 'TEAMS_APP_ID', 'TERMS_OF_USE_URL'].sort(),
    );
    for (const env of ['dev', 'local']) {
      const keys = readFileSync(join(ROOT, 'env', `.env.${env}`), 'utf8')
        .split('\n')
        .map((l) => /^([A-Z0-9_]+)=/.exec(l)?.[1])
        .filter(Boolean);
      for (const name of names) expect(keys, `${name} in env/.env.${env}`).toContain(name);
    }
  });

  it('describes the app in words a manager understands, within the schema limits', () => {
    const m = resolvedManifest() as Manifest & { name: { short: string; full: string }; description: { short: string; full: string } };
    expect(m.name.short).toBe('Shifts Sync');
    expect(m.description.short.length).toBeLessThanOrEqual(80);
    expect(m.description.full.length).toBeLessThanOrEqual(4000);
    for (const command of ['"status"', '"failures"', '"help"']) expect(m.description.full).toContain(command);
    // No jargon a shift manager would not know.
    expect(m.description.full).not.toMatch(/\b(API|Graph|webhook|OAuth|Entra|JSON)\b/);
  });

  it('flags tab pages outside validDomains and a malformed sign-on resource', () => {
    const m = resolvedManifest() as Manifest;
    m.validDomains = ['other.contoso.com'];
    m.webApplicationInfo.resource = 'api://shifts.contoso.com/not-the-client-id';
    const messages = checkManifestRules(m, { allowHttp: false }).map((p) => p.message);
    expect(messages).toContain('manifest.json/staticTabs/0/contentUrl: host "shifts.contoso.com" is not in validDomains');
    expect(messages).toContain('manifest.json/webApplicationInfo/resource must be api://{tab domain}/{webApplicationInfo.id}');
  });
});
