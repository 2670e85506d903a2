import type { JWTPayload } from 'jose';
import type { EmulatorContext } from '../context.ts';
import { GraphError } from '../http/types.ts';

/** The signed-in user behind a delegated Graph token, and the permissions (`scp`) it carries. */
export interface DelegatedCaller {
  id: string;
  scopes: string[];
}

/** The user of a delegated token (`idtyp: user` or an `scp` claim); undefined for app tokens. */
export function delegatedCaller(claims: JWTPayload): DelegatedCaller | undefined {
  if (claims.idtyp !== 'user' && typeof claims.scp !== 'string') return undefined;
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
  return { id: String(claims.oid ?? claims.sub ?? ''), scopes };
}

/**
 * Delegated tokens are served for the workforce-integration API only (the administrator's
 * `register`); everything else the connector calls with its app token.
 */
export function delegatedPathAllowed(path: string): boolean {
  return /^\/teamwork\/workforceIntegrations(\/|$)/i.test(path) || /^\/\$batch$/i.test(path);
}

export function delegatedPathRefused(path: string): GraphError {
  return new GraphError(
    403,
    'Forbidden',
    `The emulator accepts delegated (user) tokens only for /teamwork/workforceIntegrations; call ${path} with an application token.`,
  );
}

/**
 * Graph's rule for `/teamwork/workforceIntegrations` with a delegated token: the token needs
 * `WorkforceIntegration.ReadWrite.All` (reads also accept `.Read.All`) and the signed-in user
 * must be an administrator of the tenant; otherwise 403. App tokens pass (their roles include it).
 */
export function authorizeWorkforceIntegrations(emu: EmulatorContext, user: DelegatedCaller | undefined, write: boolean): void {
  if (!user) return;
  const accepted = write ? ['WorkforceIntegration.ReadWrite.All'] : ['WorkforceIntegration.ReadWrite.All', 'WorkforceIntegration.Read.All'];
  if (!user.scopes.some((s) => accepted.includes(s))) {
    throw new GraphError(
      403,
      'Forbidden',
      `Missing scope permissions on the request. API requires one of '${accepted.join(', ')}'. Scopes on the request '${user.scopes.join(', ')}'.`,
    );
  }
  const who = emu.state.users.get(user.id);
  if (!who?.admin) {
    throw new GraphError(
      403,
      'Forbidden',
      `The signed-in user ${who?.userPrincipalName ?? user.id} is not an administrator: managing workforce integrations needs a Global Administrator.`,
    );
  }
}
