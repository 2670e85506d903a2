/**
 * With the embedded WFM on the connector's own store, an approved change and the records of it
 * (audit row, id mapping, idempotency answer) commit in one transaction: when the records
 * cannot be written, the change is not kept in the WFM either, and Shifts is told to retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntityMappingByShiftsId } from '../../connector/mappings/index.ts';
import { listDecisions } from '../../connector/webhook/index.ts';
import { createEmbeddedWfm } from '../../connector/wfm/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { BROOKLYN, employee, futureTuesday, item, postWfi, seedBrooklynMappings, shiftBody, updatePath, WEBHOOK_ENV } from './support.ts';

describe.each(STORE_BACKENDS)('/update records a change in the transaction that applies it (%s store)', (backend) => {
  let t: TestApp;
  const wfm = () => createEmbeddedWfm({ store: t.app.store });
  beforeAll(async () => {
    t = await startTestApp({ env: { ...WEBHOOK_ENV }, backend });
    await wfm().seed();
    await seedBrooklynMappings(t.app.store);
  });
  afterAll(async () => t?.close());

  const samira = employee('E1004');
  const start = futureTuesday(7, 15);
  const end = futureTuesday(7, 17);
  const request = (transactionId: string) => ({
    requests: [item({ url: '/shifts/SHFT_atomic', transactionId, body: shiftBody({ id: 'SHFT_atomic', userId: samira.userId, start, end, jobKey: 'stock' }) })],
  });
  async function samirasShifts() {
    const r = await wfm().listShifts(BROOKLYN.wfmTeamId, { start, end });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.filter((s) => s.employeeId === 'E1004');
  }

  it('keeps nothing in the WFM when the decision cannot be recorded, and answers a retryable 503', async () => {
    await t.app.store.exec('ALTER TABLE webhook_decisions RENAME TO webhook_decisions_offline');
    let res;
    try {
      res = await postWfi(t.url, updatePath(), request('tx-atomic-1'));
    } finally {
      await t.app.store.exec('ALTER TABLE webhook_decisions_offline RENAME TO webhook_decisions');
    }
    expect(res.status).toBe(200);
    expect(res.json.responses[0]).toMatchObject({ id: 'SHFT_atomic', status: 503 });
    expect(await samirasShifts()).toEqual([]);
    expect(await getEntityMappingByShiftsId(t.app.store, BROOKLYN.teamsTeamId, 'shift', 'SHFT_atomic')).toBeUndefined();
  });

  it('applies and records the change together when Shifts retries it once the store is healthy', async () => {
    // The 503 was transient: the retry of the same Shifts transaction is decided afresh.
    const res = await postWfi(t.url, updatePath(), request('tx-atomic-1'));
    expect(res.json.responses[0]).toMatchObject({ id: 'SHFT_atomic', status: 200 });
    const [shift] = await samirasShifts();
    expect(shift).toMatchObject({ start, end, version: '1' });
    expect(res.json.responses[0]!.body.eTag).toBe('1');
    const mapping = await getEntityMappingByShiftsId(t.app.store, BROOKLYN.teamsTeamId, 'shift', 'SHFT_atomic');
    expect(mapping?.wfmId).toBe(shift!.id);
    const decisions = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId });
    expect(decisions.find((d) => d.transactionId === 'tx-atomic-1' && d.status === 200)).toMatchObject({ decision: 'approved', wfmId: shift!.id });
  });
});
