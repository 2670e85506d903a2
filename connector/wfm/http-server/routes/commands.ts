import { z } from 'zod';
import type { Route } from '../../../http/types.ts';
import { IDEMPOTENCY_HEADER } from '../../http/wire.ts';
import type { WfmCommand } from '../../contract.ts';
import { actorSchema, commandSchema } from '../../schemas.ts';
import { answer, apiRoute, wfmError, type ApiContext } from '../common.ts';

// Commands are validated one by one below, so a bad one is reported with its index.
const bodySchema = z.object({ commands: z.array(z.unknown()).min(1).max(100), actor: actorSchema, notAfter: z.string().datetime({ offset: true }).optional() }).strict();
const REMEMBERED = 1000;

/**
 * POST /teams/:teamId/commands — applies a batch atomically, never after its `notAfter`. A
 * repeated `Idempotency-Key` gets the first answer again instead of applying twice (client
 * retries after a timeout); the key travels to the adapter, which keeps applied batches durably
 * so `GET .../commands/:idempotencyKey` can report them later.
 */
export function commandsRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'POST', '/teams/:teamId/commands', async (req) => {
    const header = req.headers[IDEMPOTENCY_HEADER];
    const key = Array.isArray(header) ? header[0] : header;
    const scoped = key ? `${req.params.teamId}/${key}` : undefined;
    const seen = scoped ? ctx.applied.get(scoped) : undefined;
    if (seen) return seen;
    const body = await req.json(bodySchema);
    const commands: WfmCommand[] = [];
    for (const [i, c] of body.commands.entries()) {
      const p = commandSchema.safeParse(c);
      if (!p.success) {
        const issue = p.error.issues[0];
        const message = `${issue?.path.join('.') || 'command'}: ${issue?.message ?? 'invalid'}`;
        return wfmError({ kind: 'rule_violation', code: 'INVALID_INPUT', message, commandIndex: i });
      }
      commands.push(p.data);
    }
    const r = await ctx.adapter.apply(req.params.teamId!, commands, body.actor, {
      ...(key ? { idempotencyKey: key } : {}),
      ...(body.notAfter ? { notAfter: body.notAfter } : {}),
    });
    const res = answer(r, (results) => ({ results }));
    if (scoped && res.status < 500) {
      ctx.applied.set(scoped, res);
      if (ctx.applied.size > REMEMBERED) ctx.applied.delete(ctx.applied.keys().next().value!);
    }
    return res;
  });
}

/** GET /teams/:teamId/commands/:idempotencyKey — what became of the batch sent under that key. */
export function commandOutcomeRoute(ctx: ApiContext): Route {
  return apiRoute(ctx, 'GET', '/teams/:teamId/commands/:idempotencyKey', async (req) => {
    const r = await ctx.adapter.applyOutcome(req.params.teamId!, req.params.idempotencyKey!);
    return answer(r, (outcome) => outcome);
  });
}
