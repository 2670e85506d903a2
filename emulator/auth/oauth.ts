import type { EmulatorContext } from '../context.ts';
import type { EmuResponse } from '../http/types.ts';

/** An OAuth error answer in Entra's shape (AADSTS code in the description and in `error_codes`). */
export function oauthError(status: number, error: string, description: string): EmuResponse {
  const code = /^AADSTS(\d+)/.exec(description)?.[1];
  return {
    status,
    json: { error, error_description: description, error_codes: code ? [Number(code)] : [], timestamp: new Date().toISOString() },
  };
}

/** The emulator's tenant id; `common` and `organizations` stand for it. */
export function knownTenantName(ctx: EmulatorContext, tenant: string): boolean {
  return [ctx.settings.tenantId.toLowerCase(), 'common', 'organizations'].includes(tenant.toLowerCase());
}

/** Headers of every token answer (Entra's). */
export const NO_STORE = { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' };
