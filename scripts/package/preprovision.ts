import { derivedEndpoints } from './env.ts';

/**
 * The values `atk validate` needs to check the manifest before `atk provision` has run: the
 * environment file's own values, the endpoints derived from PUBLIC_URL (as the provision script
 * derives them), and stand-ins for what provisioning generates. Stand-ins are used only for the
 * check and never written to env/: `atk provision` skips creating an app whose id is already set.
 */
export const GENERATED_BEFORE_MANIFEST = ['TEAMS_APP_ID', 'AAD_APP_CLIENT_ID', 'BOT_ID'] as const;

/** What the administrator sets before provisioning, with the examples env/.env.dev's comments give. */
export const ADMIN_EXAMPLES: Readonly<Record<string, string>> = {
  PUBLIC_URL: 'https://shifts.contoso.com',
  DEVELOPER_NAME: 'Contoso',
  DEVELOPER_WEBSITE_URL: 'https://www.contoso.com',
  PRIVACY_URL: 'https://www.contoso.com/privacy',
  TERMS_OF_USE_URL: 'https://www.contoso.com/terms',
};

export interface PreProvisionValues {
  values: Record<string, string>;
  /** Administrator values still empty, checked with their examples instead. */
  examples: string[];
}

export function preProvisionValues(env: Readonly<Record<string, string | undefined>>): PreProvisionValues {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') values[k] = v.trim();
  const examples = Object.keys(ADMIN_EXAMPLES).filter((k) => !values[k]);
  for (const k of examples) values[k] = ADMIN_EXAMPLES[k]!;
  Object.assign(values, derivedEndpoints(values.PUBLIC_URL));
  GENERATED_BEFORE_MANIFEST.forEach((k, i) => {
    values[k] ??= `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
  });
  return { values, examples };
}
