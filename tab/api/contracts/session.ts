import { z } from 'zod';

/**
 * `GET /api/tab/session` (no token needed): how the tab signs in. In Teams the tab uses SSO;
 * in local mode it signs in against the local emulator's issuer through this server.
 */
export const sessionEndpoint = { method: 'GET', path: '/api/tab/session' } as const;

export const sessionResponseSchema = z.object({
  localMode: z.boolean(),
  /** Local mode only: people who can sign in (the managers of mapped teams). */
  localUsers: z.array(z.object({ userId: z.string(), displayName: z.string() })),
  /**
   * Where the consent popup signs in (Teams SSO failed with consent or interaction required):
   * the Entra authority, the tenant, the app's client id and the scope the tab's token carries.
   * Public values, the same the Teams manifest declares; absent without a client id.
   */
  entra: z.object({ authority: z.string(), tenantId: z.string(), clientId: z.string(), scope: z.string() }).optional(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

/**
 * `POST /api/tab/local/sign-in` (local mode only): asks the local emulator to mint a user
 * token for `userId`. The token is then validated like any SSO token.
 */
export const localSignInEndpoint = { method: 'POST', path: '/api/tab/local/sign-in' } as const;

export const localSignInRequestSchema = z.object({ userId: z.string().trim().min(1).max(200) }).strict();
export type LocalSignInRequest = z.infer<typeof localSignInRequestSchema>;

export const localSignInResponseSchema = z.object({ token: z.string().min(1), expiresAt: z.string() });
export type LocalSignInResponse = z.infer<typeof localSignInResponseSchema>;
