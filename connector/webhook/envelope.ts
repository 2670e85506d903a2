/**
 * The shared front of the three endpoints: read the raw body (any content type, 1 MiB cap),
 * authenticate and decrypt it, parse the JSON. Anything that does not authenticate is a 401
 * with a short JSON error, counted, and nothing of it is processed or logged.
 */
import { decryptWfiPayload } from '../crypto/index.ts';
import { AppError } from '../errors.ts';
import type { HttpRequest } from '../http/types.ts';
import type { WebhookContext } from './context.ts';

/** Largest body the webhook reads; larger ones get 413 before being read in full. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export type Endpoint = 'connect' | 'update' | 'read';

/** Returns the decrypted JSON value, or throws `AppError('unauthorized')`. */
export async function openEnvelope(req: HttpRequest, ctx: WebhookContext, endpoint: Endpoint): Promise<unknown> {
  const body = await req.body();
  const result = decryptWfiPayload(body, ctx.config.secrets);
  if (!result.ok) {
    ctx.metrics.unauthorized.inc({ endpoint, reason: result.error.code });
    req.log.warn({ endpoint, reason: result.error.code, bytes: body.length }, 'webhook body did not authenticate');
    throw new AppError('unauthorized', 'The request body could not be authenticated.');
  }
  if (result.value.secretIndex > 0) {
    req.log.info({ endpoint }, 'webhook body authenticated with the previous secret (rotation in progress)');
  }
  try {
    return JSON.parse(result.value.plaintext.toString('utf8')) as unknown;
  } catch {
    // Authentic but not JSON: a sender bug. Say so in the log without the content.
    req.log.warn({ endpoint }, 'authentic webhook body is not valid JSON');
    return undefined;
  }
}

/** A header of a request item, matched case-insensitively (Shifts' casing varies). */
export function itemHeader(headers: Record<string, unknown> | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === wanted) return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : v == null ? undefined : String(v);
  }
  return undefined;
}
