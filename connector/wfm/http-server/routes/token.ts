import { z } from 'zod';
import type { Route } from '../../../http/types.ts';
import { issueToken, sameSecret, type ApiContext } from '../common.ts';

const formSchema = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  scope: z.string().optional(),
});

/** POST {prefix}/oauth/token — OAuth2 client credentials (form-encoded), RFC 6749 §4.4. */
export function tokenRoute(ctx: ApiContext): Route {
  return {
    method: 'POST',
    path: `${ctx.options.prefix}/oauth/token`,
    bodyLimit: 8 * 1024,
    async handler(req) {
      const form = formSchema.safeParse(Object.fromEntries(new URLSearchParams((await req.body()).toString('utf8'))));
      if (!form.success) return { status: 400, json: { error: 'invalid_request', error_description: 'grant_type=client_credentials, client_id and client_secret are required.' } };
      const client = (ctx.options.oauthClients ?? []).find((c) => c.clientId === form.data.client_id);
      if (!client || !sameSecret(client.clientSecret, form.data.client_secret)) {
        return { status: 401, json: { error: 'invalid_client', error_description: 'Unknown client or wrong secret.' } };
      }
      const t = issueToken(ctx);
      return { status: 200, headers: { 'cache-control': 'no-store' }, json: { access_token: t.token, token_type: 'Bearer', expires_in: t.expiresIn } };
    },
  };
}
