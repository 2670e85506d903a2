import { z } from 'zod';
import { idSchema, isoSchema } from './common.ts';

/** `GET /api/tab/failures?teamId&entityType&errorCode&state`: failed entities of managed teams. */
export const failuresEndpoint = { method: 'GET', path: '/api/tab/failures' } as const;

export const failureStateSchema = z.enum(['open', 'retrying', 'resolved', 'handled']);
export type FailureStateValue = z.infer<typeof failureStateSchema>;

export const failuresQuerySchema = z
  .object({
    teamId: idSchema.optional(),
    entityType: z.string().trim().min(1).max(50).optional(),
    errorCode: z.string().trim().min(1).max(100).optional(),
    /** Comma-separated states; default open and retrying. */
    state: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === '') return undefined;
        const out: FailureStateValue[] = [];
        for (const s of v.split(',')) {
          const parsed = failureStateSchema.safeParse(s.trim());
          if (!parsed.success) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: `unknown state "${s}"` });
            return z.NEVER;
          }
          out.push(parsed.data);
        }
        return out;
      }),
  })
  .strict();
export type FailuresQuery = z.input<typeof failuresQuerySchema>;

export const failureAttemptSchema = z.object({ at: isoSchema, errorCode: z.string(), errorMessage: z.string(), attempts: z.number().int().optional() });

export const failureSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  entityType: z.string(),
  wfmId: z.string().nullable(),
  shiftsId: z.string().nullable(),
  operation: z.enum(['create', 'update', 'delete']),
  errorCode: z.string(),
  errorMessage: z.string(),
  attempts: z.number().int(),
  state: failureStateSchema,
  firstSeenAt: isoSchema,
  lastSeenAt: isoSchema,
  nextRetryAt: isoSchema.nullable(),
  history: z.array(failureAttemptSchema),
});
export type Failure = z.infer<typeof failureSchema>;

export const failuresResponseSchema = z.object({ failures: z.array(failureSchema) });
export type FailuresResponse = z.infer<typeof failuresResponseSchema>;

/** `GET /api/tab/failures/:failureId`: one failure with its error history. */
export const failureEndpoint = { method: 'GET', path: '/api/tab/failures/:failureId' } as const;
export const failurePath = (id: string) => `/api/tab/failures/${encodeURIComponent(id)}`;
export const failureResponseSchema = z.object({ failure: failureSchema });
export type FailureResponse = z.infer<typeof failureResponseSchema>;

/** `POST /api/tab/failures/:failureId/retry`: retries one failed entity now; answers its new state. */
export const retryEndpoint = { method: 'POST', path: '/api/tab/failures/:failureId/retry' } as const;
export const retryPath = (id: string) => `/api/tab/failures/${encodeURIComponent(id)}/retry`;
export const retryResponseSchema = failureResponseSchema;

/** `POST /api/tab/teams/:teamId/retry-all`: retries every open failure of one team. */
export const retryAllEndpoint = { method: 'POST', path: '/api/tab/teams/:teamId/retry-all' } as const;
export const retryAllPath = (teamId: string) => `/api/tab/teams/${encodeURIComponent(teamId)}/retry-all`;
export const retryAllResponseSchema = z.object({
  retried: z.number().int(),
  resolved: z.number().int(),
  stillFailing: z.number().int(),
});
export type RetryAllResponse = z.infer<typeof retryAllResponseSchema>;
