/**
 * Regression: malformed values in an /update item (a non-string `state`, a date in year 9999, an
 * over-long entity or transaction id) were answered 503 CONNECTOR_ERROR — a retryable answer to
 * a request that can never succeed. They are permanent in-body 400s with a code, recorded like
 * every decision, on both adapters, and nothing reaches the WFM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS, startWithAdapter, type AdapterSetup } from './adapters.ts';
import { BROOKLYN, employee, futureTuesday, item, MANAGER, postWfi, shiftBody, updatePath } from './support.ts';

const riley = employee('E1003');
const jordan = employee('E1002');

/** A shift creation for Riley with the given times. */
function shiftCreation(id: string, start: string, end: string) {
  return item({ url: `/shifts/${id}`, body: shiftBody({ id, userId: riley.userId, start, end }) });
}

const CASES: Array<[string, () => ReturnType<typeof item>]> = [
  [
    'a number as a swap request state',
    () => item({ method: 'PUT', url: '/swapRequests/SREQ_num_state', body: { id: 'SREQ_num_state', state: 5, assignedTo: 'Manager', senderUserId: jordan.userId, lastModifiedBy: { user: { id: MANAGER.userId } } } }),
  ],
  [
    'an object as an offer request state',
    () => item({ method: 'PUT', url: '/offerShiftRequests/OREQ_obj_state', body: { id: 'OREQ_obj_state', state: { v: 'Approved' }, senderUserId: jordan.userId } }),
  ],
  ['a shift start in year 9999', () => shiftCreation('SHFT_y9999', '9999-06-01T13:00:00Z', '9999-06-01T15:00:00Z')],
  ['a shift end past year 9999', () => shiftCreation('SHFT_y10000', '9999-12-31T20:00:00Z', '+010000-01-01T02:00:00Z')],
  ['a shift in year 0001', () => shiftCreation('SHFT_y0001', '0001-06-01T13:00:00Z', '0001-06-01T15:00:00Z')],
  ['an activity in year 9999', () => {
    const start = futureTuesday(20, 13);
    const body = shiftBody({ id: 'SHFT_act9999', userId: riley.userId, start, end: futureTuesday(20, 15) });
    body.draftShift.activities = [{ startDateTime: '9999-01-01T00:00:00Z', endDateTime: '9999-01-01T01:00:00Z', code: '', displayName: 'Break', isPaid: false }] as never;
    return item({ url: '/shifts/SHFT_act9999', body });
  }],
  ['an entity id of 300 KB in the URL', () => ({ ...shiftCreation('SHFT_' + 'u'.repeat(300_000), futureTuesday(21, 13), futureTuesday(21, 15)), id: 'SHFT_long_url' })],
  ['a transaction id of 300 KB', () => ({ ...shiftCreation('SHFT_long_tx', futureTuesday(22, 13), futureTuesday(22, 15)), id: 'SHFT_long_tx', headers: { 'X-MS-Transaction-ID': 't'.repeat(300_000), 'X-MS-Expires': new Date(Date.now() + 30_000).toISOString() } })],
];

describe.each(ADAPTERS)('malformed values in /update items with the %s adapter', (kind) => {
  let s: AdapterSetup;
  beforeAll(async () => {
    s = await startWithAdapter(kind);
  });
  afterAll(async () => s?.close());

  it.each(CASES)('answers %s with a permanent 400 INVALID_INPUT, recorded, and sends nothing to the WFM', async (_, build) => {
    const request = build();
    const res = await postWfi(s.app.url, updatePath(), { requests: [request] });
    expect(res.status).toBe(200);
    expect(res.json.responses).toHaveLength(1);
    expect(res.json.responses[0]).toMatchObject({ id: request.id, status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    const rows = await s.app.app.store.query<{ n: number }>(
      `SELECT count(*) AS n FROM webhook_decisions WHERE rule_code = 'INVALID_INPUT' AND item_id LIKE $1`,
      [`${request.id.slice(0, 12)}%`],
    );
    expect(rows[0]!.n).toBe(1);
    // The same request again gets the same permanent answer (never a transient one).
    const again = await postWfi(s.app.url, updatePath(), { requests: [request] });
    expect(again.json.responses[0]).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    const shifts = await s.wfm.listShifts(BROOKLYN.wfmTeamId, { start: '0001-01-01T00:00:00Z', end: '9999-12-31T23:59:59Z' });
    if (!shifts.ok) throw new Error(shifts.error.message);
    expect(shifts.value.filter((x) => x.employeeId === riley.wfmEmployeeId && (x.start.startsWith('9999') || x.start.startsWith('0001')))).toHaveLength(0);
  });
});
