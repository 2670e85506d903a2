import { z } from 'zod';
import { AppError } from '../../connector/errors.ts';
import type { LocalTokenMinter, LocalUserNames } from './ports.ts';

const answerSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * Local mode: asks the local emulator (`POST {authorityHost}/local/sign-in`) for a user access
 * token, as Teams SSO would hand one out. The emulator signs it with the key its JWKS
 * publishes, so the tab's API validates it exactly like an Entra token.
 */
export function emulatorTokenMinter(authorityHost: string, clientId: string | undefined): LocalTokenMinter {
  const url = `${authorityHost.replace(/\/+$/, '')}/local/sign-in`;
  return async (userId) => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, ...(clientId ? { clientId } : {}) }),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw new AppError('bad_gateway', `The local emulator is not answering at ${authorityHost}; start it with npm start in local mode.`);
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const e = oauthErrorSchema.safeParse(json);
      throw new AppError(res.status < 500 ? 'bad_request' : 'bad_gateway', e.success ? (e.data.error_description ?? e.data.error) : `The local emulator answered ${res.status}.`);
    }
    const ok = answerSchema.safeParse(json);
    if (!ok.success) throw new AppError('bad_gateway', 'The local emulator answered the sign-in in an unexpected shape.');
    return { token: ok.data.access_token, expiresAt: new Date(Date.now() + ok.data.expires_in * 1000).toISOString() };
  };
}

const stateSchema = z.object({
  teams: z.array(
    z.object({
      owners: z.array(z.object({ id: z.string(), displayName: z.string() })),
      members: z.array(z.object({ id: z.string(), displayName: z.string() })),
    }),
  ),
});

/**
 * Local mode: display names of the emulator's people (its read-only `/_emulator/state`), so
 * the sign-in form lists managers by name. An unreachable emulator just leaves ids.
 */
export function emulatorUserNames(authorityHost: string): LocalUserNames {
  const url = `${authorityHost.replace(/\/+$/, '')}/_emulator/state`;
  return async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
    const parsed = stateSchema.safeParse(await res?.json().catch(() => undefined));
    const names = new Map<string, string>();
    if (!parsed.success) return names;
    for (const t of parsed.data.teams) for (const p of [...t.owners, ...t.members]) names.set(p.id, p.displayName);
    return names;
  };
}
