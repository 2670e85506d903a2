import { type Router } from '../http/router.ts';
import { GraphError, badRequest, notFound, type EmuRequest } from '../http/types.ts';
import { tracked, commit } from '../shifts/commit.ts';
import { KINDS, WRITABLE, createEntity, deleteEntity, existing, replaceEntity, validateWrite, type WritableCollection } from '../shifts/entities.ts';
import { decide, decideForUser } from '../shifts/requests.ts';
import { validateBody } from '../schema/validate.ts';
import { REQUEST_COLLECTIONS, type GraphObject, type RequestCollection, type ScheduleCollection } from '../state.ts';
import { findSchedule, writeContext, type GraphCall } from './call.ts';
import { hideEvolvableMembers } from './enums.ts';
import { matchesDateFilter, ok, page, parseDateFilter, single } from './odata.ts';

const REQUEST_TYPES: Record<RequestCollection, string> = {
  timeOffRequests: 'timeOffRequest',
  swapShiftsChangeRequests: 'swapShiftsChangeRequest',
  offerShiftRequests: 'offerShiftRequest',
  openShiftChangeRequests: 'openShiftChangeRequest',
};

function list(req: EmuRequest, call: GraphCall, teamId: string, collection: ScheduleCollection, items: string[]) {
  const { schedule } = findSchedule(call, teamId);
  let all = [...schedule.collections[collection].values()];
  const filter = req.query.get('$filter');
  if (filter !== null) {
    if (items.length === 0) throw badRequest(`$filter is not supported on ${collection}; filter on the client.`);
    const clauses = parseDateFilter(filter, items);
    all = all.filter((e) => matchesDateFilter(e, clauses));
  }
  const shown = all.map((e) => hideEvolvableMembers(e, call.optIn));
  return ok(page(req, call, shown, call.emu.settings.pageSize, `teams('${teamId}')/schedule/${collection}`));
}

function one(req: EmuRequest, call: GraphCall, teamId: string, collection: ScheduleCollection, id: string) {
  const { schedule } = findSchedule(call, teamId);
  const e = schedule.collections[collection].get(id);
  if (!e) throw notFound(`${collection} item '${id}' was not found.`);
  return ok(single(req, call, hideEvolvableMembers(e, call.optIn), `teams('${teamId}')/schedule/${collection}`));
}

function appOnlyDecisionRefused(collection: RequestCollection, action: 'approve' | 'decline'): GraphError {
  return new GraphError(
    403,
    'Forbidden',
    `${action} on ${collection} is no longer supported with application permissions (since 2026-01-01). ` +
      `Use POST /beta/teams/{teamId}/schedule/${collection}/{id}/${action}ForUser with the acting user's id.`,
  );
}

/** CRUD for the writable collections; list and approveForUser/declineForUser (beta) for change requests. */
export function collectionRoutes(r: Router<GraphCall>): void {
  for (const collection of WRITABLE) {
    const root = `/teams/:teamId/schedule/${collection}`;
    const kind = KINDS[collection as WritableCollection];
    r.add('GET', root, (req, p, call) => list(req, call, p.teamId!, collection, kind.items));
    r.add('GET', `${root}/:id`, (req, p, call) => one(req, call, p.teamId!, collection, p.id!));
    r.add('POST', root, async (req, p, call) => {
      const w = writeContext(call, p.teamId!);
      const created = await createEntity(w, collection, validateWrite(w, collection, req.body, call.optIn));
      return ok(single(req, call, hideEvolvableMembers(created, call.optIn), `teams('${p.teamId}')/schedule/${collection}`), 201);
    });
    for (const method of ['PUT', 'PATCH'] as const) {
      r.add(method, `${root}/:id`, async (req, p, call) => {
        const w = writeContext(call, p.teamId!);
        existing(w, collection, p.id!);
        const body = validateWrite(w, collection, req.body, call.optIn);
        const updated = await replaceEntity(w, collection, p.id!, body, method === 'PATCH');
        return ok(single(req, call, hideEvolvableMembers(updated, call.optIn), `teams('${p.teamId}')/schedule/${collection}`));
      });
    }
    r.add('DELETE', `${root}/:id`, async (_req, p, call) => {
      await deleteEntity(writeContext(call, p.teamId!), collection, p.id!);
      return { status: 204 };
    });
    if (kind.items.length > 0) {
      r.add('POST', `${root}/:id/stageForDeletion`, async (_req, p, call) => {
        const w = writeContext(call, p.teamId!);
        const before = existing(w, collection, p.id!);
        const after = tracked(w.actor, { ...before, isStagedForDeletion: true }, before);
        await commit(w, [{ collection, method: 'PUT', id: p.id!, after }]);
        return { status: 204 };
      });
    }
  }

  for (const collection of REQUEST_COLLECTIONS) {
    const root = `/teams/:teamId/schedule/${collection}`;
    r.add('GET', root, (req, p, call) => list(req, call, p.teamId!, collection, []));
    r.add('GET', `${root}/:id`, (req, p, call) => one(req, call, p.teamId!, collection, p.id!));
    for (const action of ['approve', 'decline'] as const) {
      r.add('POST', `${root}/:id/${action}`, async (req, p, call) => {
        // Graph stopped accepting these with an application token on 2026-01-01.
        if (!call.user) throw appOnlyDecisionRefused(collection, action);
        const body = req.body ?? {};
        const problem = validateBody('request.scheduleChangeRequestAction', body);
        if (problem) throw badRequest(problem.replace('scheduleChangeRequestAction', REQUEST_TYPES[collection]));
        const message = (body as GraphObject).message;
        await decide(writeContext(call, p.teamId!), collection, p.id!, action === 'approve', typeof message === 'string' ? message : undefined);
        return { status: 200 };
      });
      r.add('POST', `${root}/:id/${action}ForUser`, async (req, p, call) => {
        if (call.version !== 'beta') throw badRequest(`Resource not found for the segment '${action}ForUser'.`);
        if (call.user) throw new GraphError(403, 'Forbidden', `${action}ForUser supports application permissions only.`);
        const body = req.body ?? {};
        const problem = validateBody('request.scheduleChangeRequestForUserAction', body);
        if (problem) throw badRequest(problem.replace('scheduleChangeRequestForUserAction', REQUEST_TYPES[collection]));
        const { message, userId } = body as GraphObject;
        await decideForUser(writeContext(call, p.teamId!), collection, p.id!, action === 'approve', String(userId), typeof message === 'string' ? message : undefined);
        return { status: 204 };
      });
    }
  }
}
