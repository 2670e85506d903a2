import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Values provisioning would produce for one environment, plus what the admin sets. */
export const PROVISIONED = {
  PUBLIC_URL: 'https://shifts.contoso.com',
  DEVELOPER_NAME: 'Contoso Ltd',
  DEVELOPER_WEBSITE_URL: 'https://www.contoso.com',
  PRIVACY_URL: 'https://www.contoso.com/privacy',
  TERMS_OF_USE_URL: 'https://www.contoso.com/terms',
  TEAMS_APP_ID: '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b',
  BOT_ID: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  AAD_APP_CLIENT_ID: '0f4e2d6c-8b1a-4c3d-9e5f-6a7b8c9d0e1f',
} as const;

/** Renders `NAME=value` lines the way the toolkit writes environment files. */
export function envText(values: Readonly<Record<string, string>>): string {
  return `${Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
}

const created: string[] = [];

/** Deletes every project `tempProject` made in this test file. */
export function removeTempProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A throwaway project holding copies of the committed manifest and icons, and the given
 * environment files (`{ 'dev': '...', 'dev.user': '...' }` → env/.env.dev, env/.env.dev.user).
 */
export function tempProject(envFiles: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'apppkg-'));
  created.push(dir);
  mkdirSync(join(dir, 'appPackage'));
  mkdirSync(join(dir, 'env'));
  for (const f of ['manifest.json', 'color.png', 'outline.png']) {
    copyFileSync(join(ROOT, 'appPackage', f), join(dir, 'appPackage', f));
  }
  for (const [name, text] of Object.entries(envFiles)) writeFileSync(join(dir, 'env', `.env.${name}`), text);
  return dir;
}
