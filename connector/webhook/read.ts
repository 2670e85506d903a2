/**
 * `POST /wfi/v1/teams/:teamId/read`: Shifts asks which time-off reasons a person may use and
 * which shifts a shift may be swapped with. Answers carry Shifts ids of WFM-eligible entities.
 */
import { getEmployeeIdForUser, getEntityMappingByShiftsId, getEntityMappingByWfmId, getTeamMapping } from '../mappings/index.ts';
import type { Route } from '../http/types.ts';
import type { Result } from '../errors.ts';
import { WFM_ERROR_STATUS, type WfmError } from '../wfm/contract.ts';
import type { WebhookContext } from './context.ts';
import { answerDeadline, beforeDeadline, parseExpiry, YIELD_EVERY_ITEMS, yieldToEventLoop } from './deadline.ts';
import { parseReadUrl } from './entity-types.ts';
import { itemHeader, openEnvelope, WEBHOOK_BODY_LIMIT } from './envelope.ts';
import { approvedItem, MESSAGES, rejectedItem } from './responses.ts';
import { wfiRequestContainerSchema, wfiRequestItemSchema, type WfiResponseContainer, type WfiResponseItem } from './schemas.ts';

/** Swap eligibility without a window from Shifts looks this far ahead. */
const DEFAULT_SWAP_WINDOW_DAYS = 28;

export function readRoute(ctx: WebhookContext): Route {
  return {
    method: 'POST',
    path: '/wfi/v1/teams/:teamId/read',
    bodyLimit: WEBHOOK_BODY_LIMIT,
    handler: async (req) => {
      const payload = await openEnvelope(req, ctx, 'read');
      const teamId = req.params.teamId ?? '';
      const container = wfiRequestContainerSchema.safeParse(payload);
      const responses: WfiResponseItem[] = [];
      if (!container.success) return { status: 200, json: { responses } satisfies WfiResponseContainer };
      const team = await getTeamMapping(ctx.store, teamId);
      // One deadline for the whole request, from the earliest expiry (or the budget when Shifts
      // sent none): Shifts waits for the answer as a whole, so per-item waits must not add up.
      const items = container.data.requests.map((raw) => ({ raw, parsed: wfiRequestItemSchema.safeParse(raw) }));
      const expiries = items.map((i) => (i.parsed.success ? parseExpiry(itemHeader(i.parsed.data.headers, 'X-MS-Expires')) : undefined));
      const deadline = answerDeadline(ctx.now(), expiries, ctx.config.deadline);
      for (const [n, { raw, parsed }] of items.entries()) {
        // A big request must not hold the event loop (health checks, other requests) until done.
        if (n > 0 && n % YIELD_EVERY_ITEMS === 0) await yieldToEventLoop();
        if (!parsed.success) {
          const id = (raw as { id?: unknown } | null)?.id;
          if (typeof id === 'string' && id !== '') responses.push(rejectedItem(id, 400, 'INVALID_INPUT', MESSAGES.invalidItem));
          continue;
        }
        const item = parsed.data;
        const response =
          ctx.now() >= deadline
            ? rejectedItem(item.id, 504, 'WFM_TIMEOUT', MESSAGES.timeout)
            : await answerRead(ctx, teamId, team?.enabled ? team.wfmTeamId : undefined, item.id, item.url, deadline).catch((err: unknown) => {
                // Authentic requests are always answered 200; our own failure is a retryable item 503.
                req.log.error({ err, teamId }, 'could not answer a Shifts eligibility question');
                return rejectedItem(item.id, 503, 'CONNECTOR_ERROR', MESSAGES.connectorError);
              });
        ctx.metrics.items.inc({ endpoint: 'read', entity: 'eligibility', decision: response.status === 200 ? 'approved' : 'rejected' });
        responses.push(response);
      }
      return { status: 200, json: { responses } satisfies WfiResponseContainer };
    },
  };
}

async function answerRead(
  ctx: WebhookContext,
  teamId: string,
  wfmTeamId: string | undefined,
  id: string,
  url: string,
  deadline: number,
): Promise<WfiResponseItem> {
  const parsed = parseReadUrl(url);
  if (!parsed.ok) return rejectedItem(id, 400, 'UNKNOWN_READ', 'This question is not supported by this integration.');
  if (!wfmTeamId) return rejectedItem(id, 404, 'TEAM_NOT_CONNECTED', MESSAGES.teamNotConnected);

  const ask = async <T>(work: Promise<Result<T, WfmError>>): Promise<Result<T, WfmError> | 'timeout'> => {
    const r = await beforeDeadline(
      work.catch((err: unknown): Result<T, WfmError> => {
        ctx.log.error({ err, teamId }, 'WFM adapter failed while answering a Shifts eligibility question');
        return { ok: false, error: { kind: 'unavailable', code: 'WFM_UNAVAILABLE', message: MESSAGES.unreachable } };
      }),
      deadline,
      ctx.now,
    );
    return r.timedOut ? 'timeout' : r.value;
  };
  const failure = (r: { ok: false; error: WfmError } | 'timeout') =>
    r === 'timeout'
      ? rejectedItem(id, 504, 'WFM_TIMEOUT', MESSAGES.timeout)
      : rejectedItem(
          id,
          WFM_ERROR_STATUS[r.error.kind],
          r.error.code || 'WFM_UNAVAILABLE',
          r.error.kind === 'unavailable' ? MESSAGES.unreachable : r.error.message,
        );

  if (parsed.kind === 'timeOffReasons') {
    const employeeId = await getEmployeeIdForUser(ctx.store, parsed.userId);
    if (!employeeId) return rejectedItem(id, 404, 'UNKNOWN_EMPLOYEE', 'This person is not set up in the workforce management system yet.');
    const r = await ask(ctx.wfm.eligibleTimeOffReasons(wfmTeamId, employeeId));
    if (r === 'timeout' || !r.ok) return failure(r);
    const data: string[] = [];
    for (const reason of r.value.eligible) {
      const m = await getEntityMappingByWfmId(ctx.store, teamId, 'timeOffReason', reason.id);
      if (m) data.push(m.shiftsId);
    }
    return approvedItem(id, null, data);
  }

  const shift = await getEntityMappingByShiftsId(ctx.store, teamId, 'shift', parsed.shiftId);
  if (!shift) return rejectedItem(id, 404, 'NOT_FOUND', 'The shift is not known to the workforce management system.');
  const now = ctx.now();
  const start = parsed.start && !Number.isNaN(Date.parse(parsed.start)) ? new Date(parsed.start).toISOString() : new Date(now).toISOString();
  const end =
    parsed.end && !Number.isNaN(Date.parse(parsed.end))
      ? new Date(parsed.end).toISOString()
      : new Date(Date.parse(start) + DEFAULT_SWAP_WINDOW_DAYS * 86_400_000).toISOString();
  const r = await ask(ctx.wfm.swappableShifts(wfmTeamId, shift.wfmId, { start, end }));
  if (r === 'timeout' || !r.ok) return failure(r);
  const data: string[] = [];
  for (const s of r.value) {
    const m = await getEntityMappingByWfmId(ctx.store, teamId, 'shift', s.id);
    if (m) data.push(m.shiftsId);
  }
  return approvedItem(id, null, data);
}
