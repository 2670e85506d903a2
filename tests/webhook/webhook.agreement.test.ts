/**
 * Shifts and the WFM agree on every item, on both adapters: the embedded WFM in-process and the
 * HTTP adapter against the embedded WFM served over its contract on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedWfm } from '../../connector/wfm/index.ts';
import { ADAPTERS, startWithAdapter, type AdapterSetup } from './adapters.ts';
import { rejectedItem } from '../../connector/webhook/responses.ts';
import { WEBHOOK_MESSAGES } from '../../connector/webhook/index.ts';
import { BROOKLYN, employee, futureTuesday, item, postWfi, shiftBody, updatePath } from './support.ts';

const riley = employee('E1003');

function createPayload(id: string, transactionId: string, week: number, expires?: string) {
  const body = shiftBody({ id, userId: riley.userId, start: futureTuesday(week, 13), end: futureTuesday(week, 15) });
  return { requests: [item({ url: `/shifts/${id}`, transactionId, body, ...(expires ? { expires } : {}) })] };
}

async function rileysShifts(wfm: EmbeddedWfm, week: number) {
  const r = await wfm.listShifts(BROOKLYN.wfmTeamId, { start: futureTuesday(week, 0), end: futureTuesday(week, 23) });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.filter((s) => s.employeeId === riley.wfmEmployeeId);
}

describe.each(ADAPTERS)('agreement of Shifts and the WFM with the %s adapter', (kind) => {
  let s: AdapterSetup;
  beforeAll(async () => {
    s = await startWithAdapter(kind);
  });
  afterAll(async () => s?.close());

  it('never sends the WFM an item whose expiry is already inside the safety margin', async () => {
    const expires = new Date(Date.now() + 1_900).toISOString();
    const res = await postWfi(s.app.url, updatePath(), createPayload('SHFT_margin', 'tx-margin', 12, expires));
    expect(res.json.responses[0]).toMatchObject({ status: 504, body: { error: { code: 'TOO_CLOSE_TO_EXPIRY', message: WEBHOOK_MESSAGES.timeout } } });
    expect(await rileysShifts(s.wfm, 12)).toHaveLength(0);
  });

  it('answers a retry with what the WFM applied when Shifts was told the change failed, instead of OVERLAP with itself', async () => {
    const payload = createPayload('SHFT_applied_anyway', 'tx-applied-anyway', 13);
    const first = await postWfi(s.app.url, updatePath(), payload);
    expect(first.json.responses[0]!.status).toBe(200);
    // As if the instance had answered 504 (or died) while the WFM committed the change.
    await s.app.app.store.query(`UPDATE webhook_items SET response = $2::jsonb WHERE transaction_id = $1`, [
      'tx-applied-anyway',
      JSON.stringify(rejectedItem('SHFT_applied_anyway', 504, 'WFM_TIMEOUT', WEBHOOK_MESSAGES.timeout)),
    ]);
    const retry = await postWfi(s.app.url, updatePath(), payload);
    expect(retry.json.responses[0]).toMatchObject({ status: 200, body: { eTag: first.json.responses[0]!.body.eTag } });
    expect(await rileysShifts(s.wfm, 13)).toHaveLength(1);
  });
});
