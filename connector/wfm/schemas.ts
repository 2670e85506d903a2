/**
 * Runtime schemas of the contract's types, for the HTTP wire (adapter, test server, admin
 * API). The TypeScript interfaces in `contract.ts` stay the reference everyone codes against;
 * the `Same<>` checks at the bottom fail the type-check if a schema and its type ever drift.
 */
import { z } from 'zod';
import type * as C from './contract.ts';

const iso = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), {
  message: 'must be an ISO 8601 date-time, e.g. 2026-03-09T14:00:00Z',
});

export const teamSchema = z.object({ id: z.string(), name: z.string(), timeZone: z.string() });
export const employmentTypeSchema = z.enum(['full_time', 'part_time', 'seasonal']);
export const employeeSchema = z.object({
  id: z.string(),
  teamIds: z.array(z.string()),
  displayName: z.string(),
  email: z.string().nullable(),
  jobIds: z.array(z.string()),
  employmentType: employmentTypeSchema,
  hireDate: z.string(),
});
export const jobSchema = z.object({ id: z.string(), teamId: z.string(), name: z.string(), employeeIds: z.array(z.string()) });
export const timeOffReasonSchema = z.object({
  id: z.string(),
  name: z.string(),
  iconType: z.string(),
  paid: z.boolean(),
  active: z.boolean(),
});
export const activitySchema = z.object({
  start: iso,
  end: iso,
  code: z.string(),
  displayName: z.string(),
  isPaid: z.boolean(),
});
export const shiftSchema = z.object({
  id: z.string(),
  version: z.string(),
  teamId: z.string(),
  employeeId: z.string(),
  jobId: z.string().nullable(),
  start: iso,
  end: iso,
  label: z.string().nullable(),
  notes: z.string().nullable(),
  theme: z.string(),
  activities: z.array(activitySchema),
});
export const openShiftSchema = z.object({
  id: z.string(),
  version: z.string(),
  teamId: z.string(),
  jobId: z.string().nullable(),
  start: iso,
  end: iso,
  slots: z.number().int(),
  label: z.string().nullable(),
  notes: z.string().nullable(),
  theme: z.string(),
  activities: z.array(activitySchema),
});
export const timeOffSchema = z.object({
  id: z.string(),
  version: z.string(),
  teamId: z.string(),
  employeeId: z.string(),
  reasonId: z.string(),
  start: iso,
  end: iso,
  notes: z.string().nullable(),
});
export const requestKindSchema = z.enum(['timeOff', 'swap', 'offer', 'openShift']);
export const requestStateSchema = z.enum(['pending', 'approved', 'declined', 'cancelled']);
export const requestSchema = z.object({
  id: z.string(),
  version: z.string(),
  teamId: z.string(),
  kind: requestKindSchema,
  state: requestStateSchema,
  assignedTo: z.enum(['recipient', 'manager', 'system']),
  senderEmployeeId: z.string(),
  recipientEmployeeId: z.string().nullable(),
  senderShiftId: z.string().nullable(),
  recipientShiftId: z.string().nullable(),
  openShiftId: z.string().nullable(),
  reasonId: z.string().nullable(),
  start: iso.nullable(),
  end: iso.nullable(),
  senderMessage: z.string().nullable(),
  managerMessage: z.string().nullable(),
  createdAt: iso,
});

const changeBase = {
  id: z.string(),
  teamId: z.string(),
  op: z.enum(['created', 'updated', 'deleted']),
  origin: z.enum(['wfm', 'shifts']),
  at: iso,
};
export const changeSchema = z.discriminatedUnion('entityType', [
  z.object({ entityType: z.literal('shift'), entity: shiftSchema, ...changeBase }),
  z.object({ entityType: z.literal('openShift'), entity: openShiftSchema, ...changeBase }),
  z.object({ entityType: z.literal('timeOff'), entity: timeOffSchema, ...changeBase }),
  z.object({ entityType: z.literal('request'), entity: requestSchema, ...changeBase }),
  z.object({ entityType: z.literal('timeOffReason'), entity: timeOffReasonSchema, ...changeBase }),
  z.object({ entityType: z.literal('job'), entity: jobSchema, ...changeBase }),
  z.object({ entityType: z.literal('employee'), entity: employeeSchema, ...changeBase }),
]);
export const changeFeedPageSchema = z.object({ changes: z.array(changeSchema), cursor: z.string(), hasMore: z.boolean() });

export const shiftInputSchema = shiftSchema.omit({ id: true, version: true, teamId: true }).strict();
export const openShiftInputSchema = openShiftSchema
  .omit({ id: true, version: true, teamId: true })
  .extend({ slots: z.number().int().min(1).max(100) })
  .strict();
export const timeOffInputSchema = timeOffSchema.omit({ id: true, version: true, teamId: true }).strict();
export const requestInputSchema = requestSchema
  .pick({
    kind: true,
    senderEmployeeId: true,
    recipientEmployeeId: true,
    senderShiftId: true,
    recipientShiftId: true,
    openShiftId: true,
    reasonId: true,
    start: true,
    end: true,
    senderMessage: true,
  })
  .strict();

const expectedVersion = z.string().optional();
export const commandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('shift.create'), data: shiftInputSchema }).strict(),
  z.object({ kind: z.literal('shift.update'), id: z.string(), expectedVersion, data: shiftInputSchema }).strict(),
  z.object({ kind: z.literal('shift.delete'), id: z.string(), expectedVersion }).strict(),
  z.object({ kind: z.literal('openShift.create'), data: openShiftInputSchema }).strict(),
  z.object({ kind: z.literal('openShift.update'), id: z.string(), expectedVersion, data: openShiftInputSchema }).strict(),
  z.object({ kind: z.literal('openShift.delete'), id: z.string(), expectedVersion }).strict(),
  z.object({ kind: z.literal('timeOff.create'), data: timeOffInputSchema }).strict(),
  z.object({ kind: z.literal('timeOff.update'), id: z.string(), expectedVersion, data: timeOffInputSchema }).strict(),
  z.object({ kind: z.literal('timeOff.delete'), id: z.string(), expectedVersion }).strict(),
  z.object({ kind: z.literal('request.create'), data: requestInputSchema }).strict(),
  z
    .object({
      kind: z.literal('request.transition'),
      id: z.string(),
      expectedVersion,
      transition: z.enum(['accept', 'approve', 'decline', 'cancel']),
      message: z.string().nullable(),
    })
    .strict(),
]);
export const actorSchema = z.object({
  employeeId: z.string().nullable(),
  role: z.enum(['manager', 'worker', 'system']),
  userId: z.string().nullable(),
});
export const commandResultSchema = z.object({
  entityType: z.enum(['shift', 'openShift', 'timeOff', 'request']),
  id: z.string(),
  version: z.string(),
  op: z.enum(['created', 'updated', 'deleted']),
});
export const applyBodySchema = z.object({ commands: z.array(commandSchema).min(1).max(100), actor: actorSchema }).strict();
export const applyResponseSchema = z.object({ results: z.array(commandResultSchema) });
/** `GET /teams/{teamId}/commands/{idempotencyKey}`: what became of a batch sent under that key. */
export const applyOutcomeSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('applied'), results: z.array(commandResultSchema) }),
  z.object({ state: z.literal('not_applied') }),
]);

export const wfmErrorSchema = z.object({
  kind: z.enum(['rule_violation', 'conflict', 'not_found', 'not_allowed', 'unavailable']),
  code: z.string(),
  message: z.string(),
  commandIndex: z.number().int().optional(),
});
/** Error body of the WFM HTTP contract: the product's `{ error }` shape plus the WFM error kind. */
export const wfmErrorBodySchema = z.object({ error: wfmErrorSchema });

export const eligibleReasonsSchema = z.object({
  eligible: z.array(timeOffReasonSchema),
  ineligible: z.array(z.object({ reason: timeOffReasonSchema, code: z.string(), message: z.string() })),
});

// ---------------------------------------------------------------------------------------------
// Compile-time proof that each schema describes exactly its contract type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const proofs: [
  Same<z.infer<typeof teamSchema>, C.WfmTeam>,
  Same<z.infer<typeof employeeSchema>, C.WfmEmployee>,
  Same<z.infer<typeof jobSchema>, C.WfmJob>,
  Same<z.infer<typeof timeOffReasonSchema>, C.WfmTimeOffReason>,
  Same<z.infer<typeof shiftSchema>, C.WfmShift>,
  Same<z.infer<typeof openShiftSchema>, C.WfmOpenShift>,
  Same<z.infer<typeof timeOffSchema>, C.WfmTimeOff>,
  Same<z.infer<typeof requestSchema>, C.WfmRequest>,
  Same<z.infer<typeof changeSchema>, C.WfmChange>,
  Same<z.infer<typeof changeFeedPageSchema>, C.ChangeFeedPage>,
  Same<z.infer<typeof shiftInputSchema>, C.ShiftInput>,
  Same<z.infer<typeof openShiftInputSchema>, C.OpenShiftInput>,
  Same<z.infer<typeof timeOffInputSchema>, C.TimeOffInput>,
  Same<z.infer<typeof requestInputSchema>, C.RequestInput>,
  Same<z.infer<typeof commandSchema>, C.WfmCommand>,
  Same<z.infer<typeof actorSchema>, C.Actor>,
  Same<z.infer<typeof commandResultSchema>, C.CommandResult>,
  Same<z.infer<typeof wfmErrorSchema>['kind'], C.WfmError['kind']>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void proofs;
