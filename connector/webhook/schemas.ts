/**
 * Wire contracts of the Shifts workforce-integration webhook (after decryption), as zod
 * schemas: the request container, the Shifts entities /update carries, and the response.
 * Bodies are parsed leniently on purpose (`passthrough` objects, optional fields): Shifts adds
 * fields over time and an unknown field must never turn an authentic request into an error.
 */
import { z } from 'zod';

/** `/connect` payload. */
export const connectPayloadSchema = z.object({
  tenantId: z.string().min(1),
  userId: z.string().min(1).optional(),
});

/** One item of `/update` or `/read`. Headers are matched case-insensitively later. */
export const wfiRequestItemSchema = z.object({
  id: z.string().min(1),
  method: z.string().min(1),
  url: z.string().min(1),
  headers: z.record(z.string(), z.unknown()).nullish(),
  body: z.unknown().optional(),
});
export type WfiRequestItem = z.infer<typeof wfiRequestItemSchema>;

/** The request container: only the array shape is required here; items are checked one by one. */
export const wfiRequestContainerSchema = z.object({
  requests: z.array(z.unknown()),
});

/** The error of one response item; `code` is a stable rule code, `message` is shown to the user. */
export const wfiItemErrorSchema = z.object({ code: z.string(), message: z.string() });
export type WfiItemError = z.infer<typeof wfiItemErrorSchema>;

export const wfiResponseItemSchema = z.object({
  id: z.string(),
  status: z.number().int(),
  body: z.object({
    eTag: z.string().nullable(),
    error: wfiItemErrorSchema.nullable(),
    data: z.array(z.string()).nullable(),
  }),
});
export type WfiResponseItem = z.infer<typeof wfiResponseItemSchema>;

/** What every authentic request is answered with (HTTP 200, unencrypted JSON). */
export const wfiResponseContainerSchema = z.object({ responses: z.array(wfiResponseItemSchema) });
export type WfiResponseContainer = z.infer<typeof wfiResponseContainerSchema>;

// ---------------------------------------------------------------------------------------------
// Shifts entities as the webhook sends them (Graph shapes, PascalCase enums).

const str = z.string().nullish();

const identitySetSchema = z
  .object({ user: z.object({ id: str, displayName: str }).passthrough().nullish() })
  .passthrough()
  .nullish();

const activitySchema = z
  .object({
    startDateTime: z.string(),
    endDateTime: z.string(),
    code: str,
    displayName: str,
    isPaid: z.boolean().nullish(),
  })
  .passthrough();

const shiftItemSchema = z
  .object({
    startDateTime: z.string(),
    endDateTime: z.string(),
    theme: str,
    displayName: str,
    notes: str,
    activities: z.array(activitySchema).nullish(),
    isActive: z.boolean().nullish(),
  })
  .passthrough();
export type ShiftsShiftItem = z.infer<typeof shiftItemSchema>;

const openShiftItemSchema = shiftItemSchema.extend({ openSlotCount: z.number().int().nullish() });

const timeOffItemSchema = z
  .object({
    startDateTime: z.string(),
    endDateTime: z.string(),
    timeOffReasonId: str,
    theme: str,
    isActive: z.boolean().nullish(),
  })
  .passthrough();

const base = { id: str, lastModifiedBy: identitySetSchema };

export const shiftEntitySchema = z
  .object({
    ...base,
    userId: str,
    schedulingGroupId: str,
    draftShift: shiftItemSchema.nullish(),
    sharedShift: shiftItemSchema.nullish(),
    isStagedForDeletion: z.boolean().nullish(),
  })
  .passthrough();
export type ShiftsShift = z.infer<typeof shiftEntitySchema>;

export const openShiftEntitySchema = z
  .object({
    ...base,
    schedulingGroupId: str,
    draftOpenShift: openShiftItemSchema.nullish(),
    sharedOpenShift: openShiftItemSchema.nullish(),
    isStagedForDeletion: z.boolean().nullish(),
  })
  .passthrough();
export type ShiftsOpenShift = z.infer<typeof openShiftEntitySchema>;

export const timeOffEntitySchema = z
  .object({
    ...base,
    userId: str,
    draftTimeOff: timeOffItemSchema.nullish(),
    sharedTimeOff: timeOffItemSchema.nullish(),
    isStagedForDeletion: z.boolean().nullish(),
  })
  .passthrough();
export type ShiftsTimeOff = z.infer<typeof timeOffEntitySchema>;

/** Fields common to the four request types (`scheduleChangeRequest`). */
const changeRequestBase = {
  ...base,
  state: str,
  assignedTo: str,
  senderUserId: str,
  senderMessage: str,
  managerActionMessage: str,
  recipientActionMessage: str,
};

export const timeOffRequestEntitySchema = z
  .object({ ...changeRequestBase, startDateTime: str, endDateTime: str, timeOffReasonId: str })
  .passthrough();
export type ShiftsTimeOffRequest = z.infer<typeof timeOffRequestEntitySchema>;

export const swapRequestEntitySchema = z
  .object({ ...changeRequestBase, senderShiftId: str, recipientShiftId: str, recipientUserId: str })
  .passthrough();
export type ShiftsSwapRequest = z.infer<typeof swapRequestEntitySchema>;

export const offerShiftRequestEntitySchema = z
  .object({ ...changeRequestBase, senderShiftId: str, recipientUserId: str })
  .passthrough();
export type ShiftsOfferShiftRequest = z.infer<typeof offerShiftRequestEntitySchema>;

export const openShiftRequestEntitySchema = z.object({ ...changeRequestBase, openShiftId: str }).passthrough();
export type ShiftsOpenShiftRequest = z.infer<typeof openShiftRequestEntitySchema>;
