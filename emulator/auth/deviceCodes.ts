import { randomBytes, randomInt } from 'node:crypto';

/** `grant_type` of the device authorization grant (RFC 8628). */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** Entra also accepts the short name, which msal-node sends. */
export const DEVICE_CODE_GRANTS: readonly string[] = [DEVICE_CODE_GRANT, 'device_code'];

/** Delegated Graph permissions a user can grant in the emulator (`scp` of delegated tokens). */
export const DELEGATED_SCOPES = [
  'WorkforceIntegration.ReadWrite.All',
  'WorkforceIntegration.Read.All',
  'Schedule.ReadWrite.All',
  'Schedule.Read.All',
  'User.Read',
  'User.Read.All',
  'Group.Read.All',
  'Calendars.ReadWrite',
] as const;

/** OpenID Connect scopes: they shape the answer (id token), they are not Graph permissions. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const GRAPH_PREFIXES = ['https://graph.microsoft.com/', '00000003-0000-0000-c000-000000000000/'];

/**
 * The Graph permissions a `scope` parameter asks for, in Graph's spelling. Bare names and
 * `https://graph.microsoft.com/` names mean Graph; `/.default` means every delegated
 * permission the emulator knows (the app's consented ones); only OIDC scopes mean `User.Read`,
 * like Entra. Anything else (another resource, an unknown permission) is refused.
 */
export function parseDelegatedScopes(scope: string): { ok: true; scopes: string[] } | { ok: false; bad: string } {
  const out = new Set<string>();
  for (const raw of scope.split(/\s+/).filter(Boolean)) {
    if (OIDC_SCOPES.has(raw.toLowerCase())) continue;
    const prefix = GRAPH_PREFIXES.find((p) => raw.toLowerCase().startsWith(p));
    const name = prefix ? raw.slice(prefix.length) : raw;
    if (prefix && name === '.default') {
      for (const s of DELEGATED_SCOPES) out.add(s);
      continue;
    }
    const known = DELEGATED_SCOPES.find((s) => s.toLowerCase() === name.toLowerCase());
    if (!known) return { ok: false, bad: raw };
    out.add(known);
  }
  if (out.size === 0) out.add('User.Read');
  return { ok: true, scopes: [...out] };
}

/** One device authorization: what was asked, by which client, and what the user decided. */
export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  /** Graph permissions asked for (granted as they are when approved). */
  scopes: string[];
  /** Epoch ms. */
  expiresAt: number;
  interval: number;
  status: 'pending' | 'approved' | 'declined';
  /** The approving user, once approved. */
  userId: string | undefined;
}

/** Why a decision on a user code was refused (the approval API answers with it). */
export type DecisionError = { status: 404 | 400 | 409; code: string; message: string };

// No 0/O, 1/I: codes are typed by people.
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const normalizeUserCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

/**
 * The device authorizations in flight (memory only: they live minutes, like Entra's). A code
 * is redeemed once; expired ones are dropped a while after expiry, so late polls still get
 * `expired_token` rather than `bad_verification_code`.
 */
export class DeviceCodeStore {
  private readonly byDeviceCode = new Map<string, DeviceAuthorization>();

  constructor(private readonly now: () => number = Date.now) {}

  create(input: { clientId: string; scopes: string[]; expiresInSeconds: number; intervalSeconds: number }): DeviceAuthorization {
    this.sweep();
    let userCode: string;
    do {
      userCode = Array.from({ length: 9 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('');
    } while (this.findByUserCode(userCode));
    const auth: DeviceAuthorization = {
      deviceCode: `DAQAB${randomBytes(48).toString('base64url')}`,
      userCode,
      clientId: input.clientId,
      scopes: input.scopes,
      expiresAt: this.now() + input.expiresInSeconds * 1000,
      interval: input.intervalSeconds,
      status: 'pending',
      userId: undefined,
    };
    this.byDeviceCode.set(auth.deviceCode, auth);
    return auth;
  }

  findByDeviceCode(deviceCode: string): DeviceAuthorization | undefined {
    return this.byDeviceCode.get(deviceCode);
  }

  /** Case, spaces and dashes do not matter, as on Entra's page. */
  findByUserCode(userCode: string): DeviceAuthorization | undefined {
    const want = normalizeUserCode(userCode);
    return [...this.byDeviceCode.values()].find((a) => a.userCode === want);
  }

  isExpired(auth: DeviceAuthorization): boolean {
    return this.now() >= auth.expiresAt;
  }

  /** Records the user's decision on a pending, unexpired code. */
  decide(userCode: string, decision: { approve: true; userId: string } | { approve: false }): DeviceAuthorization | DecisionError {
    const auth = this.findByUserCode(userCode);
    if (!auth) return { status: 404, code: 'NotFound', message: `No sign-in is waiting for the code '${userCode}'. Check the code and try again.` };
    if (this.isExpired(auth)) return { status: 400, code: 'ExpiredCode', message: `The code '${auth.userCode}' has expired. Start the sign-in again to get a new code.` };
    if (auth.status !== 'pending') return { status: 409, code: 'AlreadyDecided', message: `The code '${auth.userCode}' was already ${auth.status}.` };
    auth.status = decision.approve ? 'approved' : 'declined';
    auth.userId = decision.approve ? decision.userId : undefined;
    return auth;
  }

  /** Forgets a code (redeemed for tokens, or declined and reported). */
  remove(auth: DeviceAuthorization): void {
    this.byDeviceCode.delete(auth.deviceCode);
  }

  /** Codes still waiting for a person, for the sign-in page. */
  pending(): DeviceAuthorization[] {
    return [...this.byDeviceCode.values()].filter((a) => a.status === 'pending' && !this.isExpired(a));
  }

  private sweep(): void {
    const horizon = this.now() - 15 * 60_000;
    for (const a of this.byDeviceCode.values()) if (a.expiresAt < horizon) this.byDeviceCode.delete(a.deviceCode);
  }
}
