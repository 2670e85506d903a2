/**
 * `POST /wfi/v1/connect`: Shifts checks the integration when it is registered or edited.
 * Accepted only from our tenant (any tenant in local mode, where TENANT_ID is unset).
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { Route } from '../http/types.ts';
import { getSetting, putSetting, type Queryable } from '../store/index.ts';
import type { WebhookContext } from './context.ts';
import { openEnvelope, WEBHOOK_BODY_LIMIT } from './envelope.ts';
import { connectPayloadSchema } from './schemas.ts';

const LAST_CONNECT_KEY = 'webhook.lastConnect';

/** The last successful /connect, for the status page. */
export const lastConnectSchema = z.object({
  /** UTC instant, ISO 8601. */
  at: z.string(),
  tenantId: z.string(),
  userId: z.string().nullable(),
});
export type LastConnect = z.infer<typeof lastConnectSchema>;

/** When Shifts last connected successfully, or undefined if it never did. */
export async function getLastConnect(q: Queryable): Promise<LastConnect | undefined> {
  const parsed = lastConnectSchema.safeParse(await getSetting(q, LAST_CONNECT_KEY));
  return parsed.success ? parsed.data : undefined;
}

export function connectRoute(ctx: WebhookContext): Route {
  return {
    method: 'POST',
    path: '/wfi/v1/connect',
    bodyLimit: WEBHOOK_BODY_LIMIT,
    handler: async (req) => {
      const parsed = connectPayloadSchema.safeParse(await openEnvelope(req, ctx, 'connect'));
      if (!parsed.success) throw new AppError('bad_request', 'The connect request must carry a tenantId.');
      const { tenantId, userId } = parsed.data;
      const expected = ctx.config.tenantId;
      if (expected !== undefined && expected.toLowerCase() !== tenantId.toLowerCase()) {
        req.log.warn({ tenantId }, 'connect from another tenant refused');
        throw new AppError('forbidden', 'This connector serves another tenant.');
      }
      const record: LastConnect = { at: new Date(ctx.now()).toISOString(), tenantId, userId: userId ?? null };
      await putSetting(ctx.store, LAST_CONNECT_KEY, record);
      return { status: 200, json: {} };
    },
  };
}
