import { describe, expect, it } from 'vitest';
import { answerDeadline, parseExpiry } from '../../connector/webhook/deadline.ts';
import { normaliseEnum, parseReadUrl, parseUpdateUrl } from '../../connector/webhook/entity-types.ts';
import { translateItem, type IdResolver, type TranslateInput } from '../../connector/webhook/translate.ts';

/** Mappings as plain data: user → employee, and Shifts id → WFM id per entity type. */
function resolver(): IdResolver {
  const employees: Record<string, string> = { 'user-a': 'E1', 'user-b': 'E2' };
  const entities: Record<string, { wfmId: string; version: string | null }> = {
    'job:TAG_cash': { wfmId: 'J1', version: null },
    'shift:SHFT_1': { wfmId: 'W1', version: '7' },
    'shift:SHFT_2': { wfmId: 'W2', version: '3' },
    'request:SWP_1': { wfmId: 'R1', version: '2' },
    'timeOffReason:TOR_vac': { wfmId: 'R-VAC', version: null },
  };
  return {
    employeeForUser: async (u) => employees[u],
    wfmEntity: async (type, id) => entities[`${type}:${id}`],
  };
}

const shift = (draft: Record<string, unknown> | null, shared: Record<string, unknown> | null = null) => ({
  id: 'SHFT_1',
  userId: 'user-a',
  schedulingGroupId: 'TAG_cash',
  draftShift: draft,
  sharedShift: shared,
});
const times = { startDateTime: '2030-01-07T14:00:00Z', endDateTime: '2030-01-07T18:00:00.000Z' };
const input = (o: Partial<TranslateInput>): TranslateInput => ({ entityType: 'shift', entityId: 'SHFT_1', method: 'POST', body: null, partOfApproval: false, ...o });

describe('update URL parsing', () => {
  it.each([
    ['/shifts/S1', 'shift'],
    ['/swapRequests/S1', 'swapRequest'],
    ['/openshifts/S1', 'openShift'],
    ['/openshiftrequests/S1', 'openShiftRequest'],
    ['/offershiftrequests/S1', 'offerShiftRequest'],
    ['/timesoff/S1', 'timeOff'],
    ['/timeOffRequests/S1', 'timeOffRequest'],
    ['/timeoffReasons/S1', 'timeOffReason'],
    ['/SHIFTS/S1', 'shift'],
    ['/TimeOffRequests/S1?x=1', 'timeOffRequest'],
  ])('maps %s to %s whatever its casing', (url, type) => {
    expect(parseUpdateUrl(url)).toEqual({ ok: true, entityType: type, entityId: 'S1' });
  });

  it('reports an unknown entity type with its URL segment', () => {
    expect(parseUpdateUrl('/dayNotes/D1')).toEqual({ ok: false, segment: 'dayNotes' });
    expect(parseUpdateUrl('/shifts/')).toMatchObject({ ok: false });
  });

  it('parses both eligibility questions of /read', () => {
    expect(parseReadUrl('/users/u1/timeOffReasons?requestType=TimeOffReason')).toEqual({ ok: true, kind: 'timeOffReasons', userId: 'u1' });
    expect(parseReadUrl('/shifts/S1/requestableShifts?requestType=SwapRequest&startTime=2030-01-01T00:00:00Z&endTime=2030-01-08T00:00:00Z')).toEqual({
      ok: true,
      kind: 'requestableShifts',
      shiftId: 'S1',
      start: '2030-01-01T00:00:00Z',
      end: '2030-01-08T00:00:00Z',
    });
    expect(parseReadUrl('/teams/x')).toEqual({ ok: false });
  });

  it('normalises PascalCase enum members to Graph casing', () => {
    expect(normaliseEnum('Blue')).toBe('blue');
    expect(normaliseEnum('DarkBlue')).toBe('darkBlue');
    expect(normaliseEnum('pending')).toBe('pending');
    expect(normaliseEnum('')).toBeNull();
    expect(normaliseEnum(undefined)).toBeNull();
  });
});

describe('deadlines', () => {
  it('parses X-MS-Expires with seven fractional digits', () => {
    expect(parseExpiry('2024-10-11T21:27:59.0134605Z')).toBe(Date.parse('2024-10-11T21:27:59.013Z'));
    expect(parseExpiry('not a date')).toBeUndefined();
    expect(parseExpiry(undefined)).toBeUndefined();
  });

  it('answers by the earliest expiry minus the margin, and never later than the budget', () => {
    const opts = { budgetMs: 25_000, marginMs: 2_000 };
    expect(answerDeadline(1_000, [11_000, 31_000], opts)).toBe(9_000);
    expect(answerDeadline(1_000, [undefined], opts)).toBe(26_000);
    expect(answerDeadline(1_000, [100_000], opts)).toBe(26_000);
  });
});

describe('translation of Shifts changes into WFM commands', () => {
  it('creates a shift with mapped employee and job, theme in Graph casing and UTC instants', async () => {
    const plan = await translateItem(input({ body: shift({ ...times, theme: 'DarkBlue', displayName: 'Till', activities: [] }) }), resolver());
    expect(plan.operation).toBe('create');
    expect(plan.action).toEqual({
      type: 'apply',
      commands: [
        {
          kind: 'shift.create',
          data: { employeeId: 'E1', jobId: 'J1', start: '2030-01-07T14:00:00.000Z', end: '2030-01-07T18:00:00.000Z', label: 'Till', notes: null, theme: 'darkBlue', activities: [] },
        },
      ],
    });
  });

  it('treats PUT with draftShift.isActive=false or sharedShift.isActive=false as a delete with the known version', async () => {
    for (const body of [shift({ ...times, isActive: false }), shift(null, { ...times, isActive: false })]) {
      const plan = await translateItem(input({ method: 'PUT', body }), resolver());
      expect(plan.operation).toBe('delete');
      expect(plan.action).toEqual({ type: 'apply', commands: [{ kind: 'shift.delete', id: 'W1', expectedVersion: '7' }] });
    }
  });

  it('sends an update with the last known WFM version so stale edits conflict', async () => {
    const plan = await translateItem(input({ method: 'PUT', body: shift({ ...times, theme: 'Pink' }) }), resolver());
    expect(plan.action).toMatchObject({ type: 'apply', commands: [{ kind: 'shift.update', id: 'W1', expectedVersion: '7' }] });
  });

  it('rejects a shift for a person the WFM does not know, and bad dates, with stable codes', async () => {
    const stranger = await translateItem(input({ body: { ...shift(times), userId: 'user-x' } }), resolver());
    expect(stranger.action).toMatchObject({ type: 'reject', rejection: { status: 400, code: 'UNKNOWN_EMPLOYEE' } });
    const badDate = await translateItem(input({ body: shift({ startDateTime: 'tomorrow', endDateTime: 'later' }) }), resolver());
    expect(badDate.action).toMatchObject({ type: 'reject', rejection: { status: 400, code: 'INVALID_INPUT' } });
  });

  it('reads swap request states: recipient accepts, manager approves, Shifts declines siblings itself', async () => {
    const swap = (state: string, assignedTo: string) => ({ id: 'SWP_1', senderUserId: 'user-a', recipientUserId: 'user-b', senderShiftId: 'SHFT_1', recipientShiftId: 'SHFT_2', state, assignedTo });
    const accept = await translateItem(input({ entityType: 'swapRequest', entityId: 'SWP_1', method: 'PUT', body: swap('Pending', 'Manager') }), resolver());
    expect(accept.action).toMatchObject({ type: 'apply', commands: [{ kind: 'request.transition', id: 'R1', transition: 'accept' }] });
    // The colleague asked (the recipient) is the one accepting.
    expect(accept.actor).toMatchObject({ role: 'worker', employeeId: 'E2' });
    const approve = await translateItem(input({ entityType: 'swapRequest', entityId: 'SWP_1', method: 'PUT', body: swap('Approved', 'Manager') }), resolver());
    expect(approve.action).toMatchObject({ type: 'apply', commands: [{ kind: 'request.transition', transition: 'approve' }] });
    expect(approve.actor.role).toBe('manager');
    const system = await translateItem(input({ entityType: 'swapRequest', entityId: 'SWP_1', method: 'PUT', body: swap('Declined', 'System') }), resolver());
    expect(system.action).toEqual({ type: 'noop', wfmEntityType: 'request' });
    const create = await translateItem(input({ entityType: 'swapRequest', entityId: 'SWP_9', body: swap('Pending', 'Recipient') }), resolver());
    expect(create.action).toMatchObject({
      type: 'apply',
      commands: [{ kind: 'request.create', data: { kind: 'swap', senderEmployeeId: 'E1', recipientEmployeeId: 'E2', senderShiftId: 'W1', recipientShiftId: 'W2' } }],
    });
  });

  it('withdraws a request on DELETE without a body', async () => {
    const plan = await translateItem(input({ entityType: 'swapRequest', entityId: 'SWP_1', method: 'DELETE', body: null }), resolver());
    expect(plan.operation).toBe('delete');
    expect(plan.action).toMatchObject({ type: 'apply', commands: [{ kind: 'request.transition', id: 'R1', transition: 'cancel' }] });
  });

  it('leaves the shifts of an approval to the approval itself', async () => {
    const created = await translateItem(input({ entityId: 'SHFT_new', body: { ...shift(times), id: 'SHFT_new' }, partOfApproval: true }), resolver());
    expect(created.action).toEqual({ type: 'effect', wfmEntityType: 'shift', employeeId: 'E1', start: '2030-01-07T14:00:00.000Z', end: '2030-01-07T18:00:00.000Z' });
    const deleted = await translateItem(input({ method: 'DELETE', body: null, partOfApproval: true }), resolver());
    expect(deleted.action).toEqual({ type: 'noop', wfmEntityType: 'shift' });
  });

  it('refuses changes to time-off reasons, which the WFM manages', async () => {
    const plan = await translateItem(input({ entityType: 'timeOffReason', entityId: 'TOR_vac', method: 'PUT', body: { displayName: 'Holiday' } }), resolver());
    expect(plan.action).toMatchObject({ type: 'reject', rejection: { status: 403, code: 'MANAGED_IN_WFM' } });
  });

  it('creates a time-off request with the mapped reason', async () => {
    const plan = await translateItem(
      input({ entityType: 'timeOffRequest', entityId: 'TOQ_1', body: { senderUserId: 'user-a', state: 'Pending', assignedTo: 'Manager', timeOffReasonId: 'TOR_vac', ...times } }),
      resolver(),
    );
    expect(plan.action).toMatchObject({ type: 'apply', commands: [{ kind: 'request.create', data: { kind: 'timeOff', senderEmployeeId: 'E1', reasonId: 'R-VAC' } }] });
  });
});
