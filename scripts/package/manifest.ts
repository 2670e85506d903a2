import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import type { PackageProblem } from './problems.ts';

/** The manifest version this app is written for (GA since July 2025, accepted by every validator). */
export const MANIFEST_VERSION = '1.30';

/** The `$schema` URL Teams tooling expects for a manifest version. */
export function schemaUrl(version: string): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`;
}

/**
 * The official schema for a manifest version, read from the copy bundled in
 * `@microsoft/app-manifest`. Returns undefined when the package has no copy: validation then
 * fails rather than fetching the schema over the network.
 */
export function bundledManifestSchema(version: string): object | undefined {
  const pkg = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
  const file = join(dirname(pkg), 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}

/** Validates a resolved manifest against the official schema of its `manifestVersion`, offline. */
export async function validateManifestSchema(manifest: Record<string, unknown>): Promise<PackageProblem[]> {
  const version = typeof manifest.manifestVersion === 'string' ? manifest.manifestVersion : '';
  if (manifest.$schema !== schemaUrl(version)) {
    return [{ code: 'manifest_schema', message: `$schema must be ${schemaUrl(version || MANIFEST_VERSION)}` }];
  }
  const schema = bundledManifestSchema(version);
  if (!schema) {
    return [{ code: 'manifest_schema', message: `no bundled schema for manifestVersion "${version}" (offline validation never downloads one)` }];
  }
  // The library's types name the schema generically; the bundled file is exactly that schema.
  const errors = await AppManifestUtils.validateAgainstSchema(
    manifest as unknown as AppManifest,
    schema as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1],
  );
  return errors.map((message) => ({ code: 'manifest_schema', message: `manifest.json${message}` }));
}

/** Everything in the manifest that looks like a URL, with its JSON path. */
function urlsIn(value: unknown, path = ''): { path: string; url: string }[] {
  if (typeof value === 'string') return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? [{ path, url: value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => urlsIn(v, `${path}/${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => urlsIn(v, `${path}/${k}`));
  }
  return [];
}

function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase();
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return h === p;
}

/**
 * Rules Teams enforces that the schema does not: no placeholder left, https everywhere (plain
 * http is tolerated only when `allowHttp`, for the local environment), tab pages on a valid
 * domain, and the single sign-on resource in the `api://{domain}/{client id}` form.
 */
export function checkManifestRules(manifest: Record<string, unknown>, options: { allowHttp: boolean }): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const text = JSON.stringify(manifest);
  const left = [...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]);
  if (left.length > 0) {
    problems.push({ code: 'unresolved_placeholder', message: `manifest.json still contains placeholders: ${[...new Set(left)].join(', ')}` });
  }

  const urls = urlsIn(manifest);
  for (const { path, url } of urls) {
    if (path === '/webApplicationInfo/resource') continue;
    if (/^https:\/\//i.test(url)) continue;
    if (options.allowHttp && /^http:\/\//i.test(url)) continue;
    problems.push({ code: 'url_not_https', message: `manifest.json${path}: "${url}" must be an https URL` });
  }

  const validDomains = Array.isArray(manifest.validDomains) ? manifest.validDomains.filter((d): d is string => typeof d === 'string') : [];
  const tabs = Array.isArray(manifest.staticTabs) ? (manifest.staticTabs as Record<string, unknown>[]) : [];
  tabs.forEach((tab, i) => {
    for (const key of ['contentUrl', 'websiteUrl'] as const) {
      const value = tab[key];
      if (typeof value !== 'string') continue;
      let host: string;
      try {
        host = new URL(value).host;
      } catch {
        problems.push({ code: 'manifest_rule', message: `manifest.json/staticTabs/${i}/${key}: "${value}" is not a URL` });
        continue;
      }
      if (!validDomains.some((d) => hostMatches(host, d))) {
        problems.push({ code: 'manifest_rule', message: `manifest.json/staticTabs/${i}/${key}: host "${host}" is not in validDomains` });
      }
    }
  });

  const info = manifest.webApplicationInfo as { id?: unknown; resource?: unknown } | undefined;
  if (info) {
    const match = typeof info.resource === 'string' ? /^api:\/\/([^/]+)\/(.+)$/.exec(info.resource) : null;
    if (!match || match[2] !== info.id) {
      problems.push({ code: 'manifest_rule', message: 'manifest.json/webApplicationInfo/resource must be api://{tab domain}/{webApplicationInfo.id}' });
    } else if (!validDomains.some((d) => hostMatches(match[1] ?? '', d))) {
      problems.push({ code: 'manifest_rule', message: `manifest.json/webApplicationInfo/resource: domain "${match[1]}" is not in validDomains` });
    }
  }
  return problems;
}
