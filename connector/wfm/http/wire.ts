/**
 * The WFM HTTP contract, defined once: each endpoint's method, path pattern and response
 * schema. The HTTP adapter (client) and the server in `http-server/` both use it, and
 * `docs/wfm-openapi.yaml` documents it.
 */
import { z, type ZodType } from 'zod';
import * as S from '../schemas.ts';

export const listOf = <T extends ZodType>(item: T) => z.object({ items: z.array(item) });

export const WFM_ENDPOINTS = {
  listTeams: { method: 'GET', path: '/teams', response: listOf(S.teamSchema) },
  listEmployees: { method: 'GET', path: '/teams/:teamId/employees', response: listOf(S.employeeSchema) },
  listJobs: { method: 'GET', path: '/teams/:teamId/jobs', response: listOf(S.jobSchema) },
  listTimeOffReasons: { method: 'GET', path: '/teams/:teamId/time-off-reasons', response: listOf(S.timeOffReasonSchema) },
  listShifts: { method: 'GET', path: '/teams/:teamId/shifts', response: listOf(S.shiftSchema) },
  listOpenShifts: { method: 'GET', path: '/teams/:teamId/open-shifts', response: listOf(S.openShiftSchema) },
  listTimesOff: { method: 'GET', path: '/teams/:teamId/times-off', response: listOf(S.timeOffSchema) },
  listRequests: { method: 'GET', path: '/teams/:teamId/requests', response: listOf(S.requestSchema) },
  changesSince: { method: 'GET', path: '/changes', response: S.changeFeedPageSchema },
  apply: { method: 'POST', path: '/teams/:teamId/commands', response: S.applyResponseSchema },
  applyOutcome: { method: 'GET', path: '/teams/:teamId/commands/:idempotencyKey', response: S.applyOutcomeSchema },
  eligibleTimeOffReasons: {
    method: 'GET',
    path: '/teams/:teamId/employees/:employeeId/eligible-time-off-reasons',
    response: S.eligibleReasonsSchema,
  },
  swappableShifts: { method: 'GET', path: '/teams/:teamId/shifts/:shiftId/swappable', response: listOf(S.shiftSchema) },
} as const;

export type WfmEndpointName = keyof typeof WFM_ENDPOINTS;

/** Fills `:param` segments, URL-encoding each value. */
export function fillPath(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(v);
  });
}

/** Query of window endpoints. */
export const windowQuerySchema = z.object({ start: z.string().min(1), end: z.string().min(1) });
/** Query of the change feed. */
export const changesQuerySchema = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
/** Header carrying the client's idempotency key on `POST .../commands`. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
