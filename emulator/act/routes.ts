import { z, type ZodTypeAny } from 'zod';
import type { EmulatorContext } from '../context.ts';
import { Router } from '../http/router.ts';
import { badRequest, type EmuRequest } from '../http/types.ts';
import { decide, cancelRequest, offerShift, requestOpenShift, requestSwap, requestTimeOff, respondAsRecipient } from '../shifts/requests.ts';
import {
  actorInput,
  addShift,
  addShiftInput,
  deleteShift,
  editShift,
  editShiftInput,
  offeredReasons,
  offeredSwapShifts,
  personContext,
  requestCollectionOf,
} from './people.ts';

function input<S extends ZodTypeAny>(schema: S, req: EmuRequest): z.output<S> {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badRequest(`${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return parsed.data as z.output<S>;
}

const when = { startDateTime: z.string().datetime({ offset: true }), endDateTime: z.string().datetime({ offset: true }) };
const message = { message: z.string().optional() };
const json = (body: unknown, status = 200) => ({ status, json: body });

/**
 * Simulated people (`/_emulator/act/...`): what managers and workers do in the Shifts app,
 * producing the same callbacks Shifts would. No token needed: this is the local tool's API.
 */
export function actRouter(): Router<EmulatorContext> {
  const r = new Router<EmulatorContext>();
  const root = '/_emulator/act/teams/:teamId';

  r.add('POST', `${root}/shifts`, async (req, p, emu) => {
    const body = input(addShiftInput, req);
    return json(await addShift(personContext(emu, p.teamId!, body.as, 'manager'), body), 201);
  });
  r.add('POST', `${root}/shifts/:id/edit`, async (req, p, emu) => {
    const body = input(editShiftInput, req);
    return json(await editShift(personContext(emu, p.teamId!, body.as, 'manager'), p.id!, body));
  });
  r.add('POST', `${root}/shifts/:id/delete`, async (req, p, emu) => {
    const body = input(actorInput.extend({ share: z.boolean().default(true) }), req);
    await deleteShift(personContext(emu, p.teamId!, body.as, 'manager'), p.id!, body.share);
    return { status: 204 };
  });
  r.add('GET', `${root}/offered/timeOffReasons`, async (req, p, emu) => {
    const as = req.query.get('as') ?? '';
    return json({ value: await offeredReasons(personContext(emu, p.teamId!, as, 'worker')) });
  });
  r.add('GET', `${root}/offered/swapShifts`, async (req, p, emu) => {
    const as = req.query.get('as') ?? '';
    return json({ value: await offeredSwapShifts(personContext(emu, p.teamId!, as, 'worker'), req.query.get('shiftId') ?? '') });
  });
  r.add('POST', `${root}/timeOffRequests`, async (req, p, emu) => {
    const body = input(actorInput.extend({ ...when, ...message, timeOffReasonId: z.string().min(1) }), req);
    const w = personContext(emu, p.teamId!, body.as, 'worker');
    return json(await requestTimeOff(w, { ...body, senderUserId: body.as }), 201);
  });
  r.add('POST', `${root}/swapRequests`, async (req, p, emu) => {
    const body = input(actorInput.extend({ ...message, senderShiftId: z.string().min(1), recipientShiftId: z.string().min(1) }), req);
    const w = personContext(emu, p.teamId!, body.as, 'worker');
    return json(await requestSwap(w, { ...body, senderUserId: body.as }), 201);
  });
  r.add('POST', `${root}/offerShiftRequests`, async (req, p, emu) => {
    const body = input(actorInput.extend({ ...message, senderShiftId: z.string().min(1), recipientUserId: z.string().min(1) }), req);
    const w = personContext(emu, p.teamId!, body.as, 'worker');
    return json(await offerShift(w, { ...body, senderUserId: body.as }), 201);
  });
  r.add('POST', `${root}/openShiftRequests`, async (req, p, emu) => {
    const body = input(actorInput.extend({ ...message, openShiftId: z.string().min(1) }), req);
    const w = personContext(emu, p.teamId!, body.as, 'worker');
    return json(await requestOpenShift(w, { ...body, senderUserId: body.as }), 201);
  });
  for (const answer of ['accept', 'refuse'] as const) {
    r.add('POST', `${root}/requests/:id/${answer}`, async (req, p, emu) => {
      const body = input(actorInput.extend(message), req);
      const w = personContext(emu, p.teamId!, body.as, 'worker');
      const collection = requestCollectionOf(w, p.id!);
      if (collection !== 'swapShiftsChangeRequests' && collection !== 'offerShiftRequests') {
        throw badRequest('Only swap and offer requests have a recipient who accepts or refuses.');
      }
      return json(await respondAsRecipient(w, collection, p.id!, answer === 'accept', body.message));
    });
  }
  for (const action of ['approve', 'decline'] as const) {
    r.add('POST', `${root}/requests/:id/${action}`, async (req, p, emu) => {
      const body = input(actorInput.extend(message), req);
      const w = personContext(emu, p.teamId!, body.as, 'manager');
      await decide(w, requestCollectionOf(w, p.id!), p.id!, action === 'approve', body.message);
      return { status: 204 };
    });
  }
  r.add('POST', `${root}/requests/:id/cancel`, async (req, p, emu) => {
    const body = input(actorInput, req);
    const w = personContext(emu, p.teamId!, body.as, 'worker');
    await cancelRequest(w, requestCollectionOf(w, p.id!), p.id!);
    return { status: 204 };
  });
  return r;
}
