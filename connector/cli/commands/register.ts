/**
 * `register`: creates (or updates) this deployment's workforce integration in the tenant, then
 * reads it back and checks every field. Microsoft documents registration as a Global
 * Administrator step with delegated `WorkforceIntegration.ReadWrite.All`: the administrator
 * signs in with the device-code flow (the prompt goes to stderr, so stdout stays the result).
 * `--app-only` uses the connector's own app token where the tenant allows it. The local
 * emulator plays the sign-in too: approve the code on its `/devicelogin` page as its admin.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WFI_ENTITY_TYPES } from '../../config/schema.ts';
import { createGraphClient, deviceCodeToken, type GraphClient } from '../../graph/index.ts';
import { tokenTenant } from '../../sync/index.ts';
import type { CliContext } from '../context.ts';

/** Entity types whose requests Shifts filters through `/read` (beta only). */
export const ELIGIBILITY_ENTITIES = 'SwapRequest,TimeOffReason';

export interface RegisterOptions {
  appOnly: boolean;
  displayName: string;
}

type Wfi = { id?: string; displayName?: string; url?: string; apiVersion?: number; isActive?: boolean; supportedEntities?: string; eligibilityFilteringEnabledEntities?: string };

const flags = (s: string | undefined) => new Set((s ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean));

/** Differences between what we asked for and what the tenant holds (empty: verified). */
export function verifyIntegration(got: Wfi, want: { url: string; displayName: string; supportedEntities: string; eligibility: string }): string[] {
  const problems: string[] = [];
  if (got.url !== want.url) problems.push(`url is ${got.url ?? '(none)'}, expected ${want.url}`);
  if (got.apiVersion !== 1) problems.push(`apiVersion is ${String(got.apiVersion)}, expected 1`);
  if (got.isActive !== true) problems.push('the integration is not active');
  if (got.displayName !== want.displayName) problems.push(`displayName is ${got.displayName ?? '(none)'}`);
  const missing = [...flags(want.supportedEntities)].filter((e) => !flags(got.supportedEntities).has(e));
  if (missing.length) problems.push(`supportedEntities lacks ${missing.join(', ')}`);
  const missingElig = [...flags(want.eligibility)].filter((e) => !flags(got.eligibilityFilteringEnabledEntities).has(e));
  if (missingElig.length) problems.push(`eligibilityFilteringEnabledEntities lacks ${missingElig.join(', ')}`);
  return problems;
}

/** Graph's delegated permission for managing workforce integrations (Microsoft: a Global Administrator step). */
export const REGISTER_SCOPE = 'https://graph.microsoft.com/WorkforceIntegration.ReadWrite.All';

async function adminClient(ctx: CliContext, appOnly: boolean): Promise<GraphClient> {
  if (appOnly) return (await ctx.sync()).graph;
  // The delegated path needs no database: only Graph and the authority.
  const token = await deviceCodeToken(
    {
      clientId: ctx.config.graph.clientId ?? '',
      tenantId: tokenTenant(ctx.config),
      authorityHost: ctx.config.graph.authorityHost,
      graphBaseUrl: ctx.config.graph.baseUrl,
      scopes: [REGISTER_SCOPE],
    },
    (message) => ctx.io.err(message),
  );
  return createGraphClient({ baseUrl: ctx.config.graph.baseUrl, tokens: { getToken: async () => token }, passthrough: ctx.config.wfi.id || 'shifts-connector' });
}

/** Graph's 403: the signed-in user lacks the role or the permission; say what to do. */
function forbiddenHint(ctx: CliContext, status: number | null, appOnly: boolean): void {
  if (status !== 403) return;
  ctx.io.err(
    appOnly
      ? 'The tenant does not allow app-only registration: run register without --app-only and sign in as a Global Administrator.'
      : 'Sign in as a Global Administrator of the tenant (delegated WorkforceIntegration.ReadWrite.All), or use --app-only where the tenant allows it.',
  );
}

export async function registerCommand(ctx: CliContext, opts: RegisterOptions): Promise<number> {
  const url = `${ctx.config.server.publicUrl}/wfi`;
  let secret = ctx.config.wfi.secrets[0];
  if (!secret) {
    secret = randomBytes(32).toString('hex');
    // The secret goes to a 0600 file, never to the terminal or a log.
    const dir = ctx.config.store.dataDir === 'memory://' ? process.cwd() : ctx.config.store.dataDir;
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'wfi-secret.txt');
    writeFileSync(file, secret, { mode: 0o600 });
    chmodSync(file, 0o600);
    ctx.io.out(`Generated a 64-character secret in ${file}; set WFI_SECRET_FILE=${file} for the server.`);
  }
  const supportedEntities = WFI_ENTITY_TYPES.join(',');
  const body = {
    displayName: opts.displayName,
    apiVersion: 1,
    isActive: true,
    url,
    encryption: { protocol: 'sharedSecret', secret },
    supportedEntities,
    eligibilityFilteringEnabledEntities: ELIGIBILITY_ENTITIES,
  };
  const graph = await adminClient(ctx, opts.appOnly);
  // One integration per deployment: update the one with our id or URL rather than adding another.
  const list = await graph.listAll<Wfi>({ method: 'GET', path: '/teamwork/workforceIntegrations', version: 'beta' });
  if (!list.ok) {
    ctx.io.err(`Cannot list workforce integrations: ${list.error.code}: ${list.error.message}`);
    forbiddenHint(ctx, list.error.status, opts.appOnly);
    return 1;
  }
  const existing = list.value.find((w) => (ctx.config.wfi.id && w.id === ctx.config.wfi.id) || w.url === url);
  const write = existing?.id
    ? await graph.request<Wfi>({ method: 'PATCH', path: `/teamwork/workforceIntegrations/${encodeURIComponent(existing.id)}`, version: 'beta', body })
    : await graph.request<Wfi>({ method: 'POST', path: '/teamwork/workforceIntegrations', version: 'beta', body });
  if (!write.ok) {
    ctx.io.err(`Registration failed: ${write.error.code}: ${write.error.message}`);
    forbiddenHint(ctx, write.error.status, opts.appOnly);
    return 1;
  }
  const id = existing?.id ?? write.value.body?.id;
  if (!id) {
    ctx.io.err('Graph did not return the integration id.');
    return 1;
  }
  const back = await graph.request<Wfi>({ method: 'GET', path: `/teamwork/workforceIntegrations/${encodeURIComponent(id)}`, version: 'beta' });
  if (!back.ok) {
    ctx.io.err(`Registered ${id} but could not read it back: ${back.error.code}: ${back.error.message}`);
    return 1;
  }
  const problems = verifyIntegration(back.value.body ?? {}, { url, displayName: opts.displayName, supportedEntities, eligibility: ELIGIBILITY_ENTITIES });
  for (const p of problems) ctx.io.err(`verify: ${p}`);
  if (problems.length > 0) return 1;
  ctx.io.out(`${existing ? 'Updated' : 'Registered'} workforce integration ${id} for ${url} (verified).`);
  if (ctx.config.wfi.id !== id) ctx.io.out(`Set WFI_ID=${id} for the server.`);
  return 0;
}
