import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolveJsonPlaceholders } from '../../scripts/package/index.ts';
import { ADMIN_EXAMPLES, preProvisionValues } from '../../scripts/package/preprovision.ts';
import { ROOT } from './project.ts';

/** `npm run validate:toolkit` checks the manifest with `atk validate` before anything is provisioned. */
describe('values for checking the manifest before provisioning', () => {
  it('derives the endpoints from PUBLIC_URL as provisioning does and keeps what the administrator set', () => {
    const { values, examples } = preProvisionValues({ PUBLIC_URL: 'https://shifts.fabrikam.com', DEVELOPER_NAME: 'Fabrikam', TAB_DOMAIN: '' });
    expect(values).toMatchObject({ TAB_DOMAIN: 'shifts.fabrikam.com', BOT_ENDPOINT: 'https://shifts.fabrikam.com', DEVELOPER_NAME: 'Fabrikam' });
    expect(examples).toEqual(['DEVELOPER_WEBSITE_URL', 'PRIVACY_URL', 'TERMS_OF_USE_URL']);
  });

  it('stands in for generated ids only where provisioning has not set them yet', () => {
    const { values } = preProvisionValues({ BOT_ID: '11111111-2222-4333-8444-555555555555' });
    expect(values.BOT_ID).toBe('11111111-2222-4333-8444-555555555555');
    expect(values.AAD_APP_CLIENT_ID).toMatch(/^00000000-0000-4000-8000-\d{12}$/);
    expect(values.PUBLIC_URL).toBe(ADMIN_EXAMPLES.PUBLIC_URL);
  });

  it('fills every placeholder of the manifest from the committed, unprovisioned env/.env.dev', () => {
    const { values } = preProvisionValues(parseEnv(readFileSync(join(ROOT, 'env', '.env.dev'), 'utf8')));
    const manifest = readFileSync(join(ROOT, 'appPackage', 'manifest.json'), 'utf8');
    expect(manifest).toContain('${{TAB_DOMAIN}}');
    expect(resolveJsonPlaceholders(manifest, values).unresolved).toEqual([]);
  });
});
