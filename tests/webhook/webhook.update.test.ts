import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptWfiPayload } from '../../connector/crypto/index.ts';
import { getEntityMappingByShiftsId } from '../../connector/mappings/index.ts';
import { getLastConnect, listDecisions, WEBHOOK_MESSAGES } from '../../connector/webhook/index.ts';
import { createEmbeddedWfm } from '../../connector/wfm/index.ts';
import {
  BROOKLYN,
  employee,
  futureTuesday,
  item,
  postRaw,
  postWfi,
  shiftBody,
  updatePath,
  WFI_ID,
  startSeededWebhookApp,
} from './support.ts';
import type { TestApp } from '../support/app.ts';
import { vectorBody, wfiVectors } from './vectors.ts';

let t: TestApp;
const wfm = () => createEmbeddedWfm({ store: t.app.store });

beforeAll(async () => {
  t = await startSeededWebhookApp();
});
afterAll(async () => t?.close());

async function wfmShifts(employeeId: string, start: string, end: string) {
  const r = await wfm().listShifts(BROOKLYN.wfmTeamId, { start, end });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.filter((s) => s.employeeId === employeeId);
}

describe('/update golden examples', () => {
  it('answers the "connect" vector with 200 and records when Shifts connected', async () => {
    const before = Date.now();
    const res = await postRaw(t.url, '/wfi/v1/connect', vectorBody('connect'));
    expect(res.status).toBe(200);
    const last = await getLastConnect(t.app.store);
    expect(last?.tenantId).toBe('a1s2s355-a2s3-j7h6-f4d3-k2h9j4mqpz');
    expect(last?.userId).toBe('4fbc12d7-1234-56ef-8a90-bc123d45678f');
    expect(Date.parse(last!.at)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('answers the exact "update-shift" vector (expired long ago) with an in-body RequestExpired', async () => {
    const res = await postRaw(t.url, updatePath(), vectorBody('update-shift'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      responses: [
        {
          id: 'SHFT_12345678-1234-1234-1234-1234567890ab',
          status: 408,
          body: { eTag: null, error: { code: 'RequestExpired', message: WEBHOOK_MESSAGES.expired }, data: null },
        },
      ],
    });
  });

  it('approves the vector shift create (moved to the future) and writes it to the WFM with its version as eTag', async () => {
    const vector = wfiVectors.vectors.find((v) => v.name === 'update-shift')!;
    const payload = JSON.parse(vector.plaintext) as { requests: Array<Record<string, unknown> & { headers: Record<string, string>; body: Record<string, unknown> }> };
    const req = payload.requests[0]!;
    const start = futureTuesday(3, 15);
    const end = futureTuesday(3, 17);
    req.headers['X-MS-Expires'] = new Date(Date.now() + 30_000).toISOString();
    req.headers['X-MS-Transaction-ID'] = `golden-${Date.now()}`;
    Object.assign(req.body.draftShift as object, { startDateTime: start, endDateTime: end });
    // Map the vector's user and group to a Brooklyn cashier.
    const riley = employee('E1003');
    req.body.userId = riley.userId;
    req.body.schedulingGroupId = 'TAG_cashier';

    const res = await postWfi(t.url, updatePath(), payload);
    expect(res.status).toBe(200);
    const [answer] = res.json.responses;
    expect(answer).toMatchObject({ id: 'SHFT_12345678-1234-1234-1234-1234567890ab', status: 200, body: { error: null } });
    const created = await wfmShifts('E1003', start, end);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ start, end, theme: 'blue', jobId: 'store-bkn:cashier' });
    expect(answer!.body.eTag).toBe(created[0]!.version);
    const mapping = await getEntityMappingByShiftsId(t.app.store, BROOKLYN.teamsTeamId, 'shift', 'SHFT_12345678-1234-1234-1234-1234567890ab');
    expect(mapping?.wfmId).toBe(created[0]!.id);
    const [decision] = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId, entityType: 'shift', limit: 1 });
    expect(decision).toMatchObject({ decision: 'approved', status: 200, operation: 'create', entityId: 'SHFT_12345678-1234-1234-1234-1234567890ab', wfmId: created[0]!.id });
  });
});

describe('/update two-way through the embedded WFM', () => {
  it('rejects a shift that overlaps an existing one with the rule code and the WFM sentence, and records it', async () => {
    const avery = employee('E1001');
    // Avery works 09:00-17:30 New York time every weekday of the current and next week.
    const start = futureTuesday(0, 15);
    const end = futureTuesday(0, 18);
    const before = await wfmShifts('E1001', start, end);
    const res = await postWfi(t.url, updatePath(), {
      requests: [item({ url: '/shifts/SHFT_overlap', body: shiftBody({ id: 'SHFT_overlap', userId: avery.userId, start, end }) })],
    });
    expect(res.status).toBe(200);
    const [answer] = res.json.responses;
    expect(answer!.status).toBe(400);
    expect(answer!.body.eTag).toBeNull();
    expect(answer!.body.error?.code).toBe('OVERLAP');
    expect(answer!.body.error?.message.length).toBeGreaterThan(10);
    expect(await wfmShifts('E1001', start, end)).toEqual(before);

    const [decision] = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId, decision: 'rejected', limit: 1 });
    expect(decision).toMatchObject({ entityType: 'shift', entityId: 'SHFT_overlap', ruleCode: 'OVERLAP', message: answer!.body.error!.message, status: 400 });
    const alerts = await t.app.store.query<{ payload: { ruleCode: string; decisionId: string; subject: { employeeName: string } } }>(
      `SELECT payload FROM alert_events WHERE kind = 'change_rejected' AND entity_key = 'change_rejected:shift:SHFT_overlap'`,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.payload).toMatchObject({ ruleCode: 'OVERLAP', decisionId: String(decision!.id), subject: { employeeName: avery.displayName } });
  });

  it('updates a shift (new eTag) and deletes it when Shifts sends PUT with isActive=false', async () => {
    const jordan = employee('E1002');
    const id = 'SHFT_lifecycle';
    const start = futureTuesday(4, 14);
    const end = futureTuesday(4, 18);
    const created = await postWfi(t.url, updatePath(), { requests: [item({ url: `/shifts/${id}`, body: shiftBody({ id, userId: jordan.userId, start, end }) })] });
    expect(created.json.responses[0]!.status).toBe(200);

    const later = futureTuesday(4, 15);
    const updated = await postWfi(t.url, updatePath(), {
      requests: [item({ method: 'PUT', url: `/Shifts/${id}`, body: shiftBody({ id, userId: jordan.userId, start: later, end }) })],
    });
    expect(updated.json.responses[0]!.status).toBe(200);
    expect(updated.json.responses[0]!.body.eTag).not.toBe(created.json.responses[0]!.body.eTag);
    expect((await wfmShifts('E1002', start, end)).map((s) => s.start)).toEqual([later]);

    const deleted = await postWfi(t.url, updatePath(), {
      requests: [item({ method: 'PUT', url: `/shifts/${id}`, body: shiftBody({ id, userId: jordan.userId, start: later, end, isActive: false }) })],
    });
    expect(deleted.json.responses[0]).toMatchObject({ status: 200, body: { error: null } });
    expect(deleted.json.responses[0]!.body.eTag).toEqual(expect.any(String));
    expect(await wfmShifts('E1002', start, end)).toEqual([]);
    expect(await getEntityMappingByShiftsId(t.app.store, BROOKLYN.teamsTeamId, 'shift', id)).toBeUndefined();
    const [decision] = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId, limit: 1 });
    expect(decision).toMatchObject({ operation: 'delete', decision: 'approved', entityId: id });
  });

  it('answers an unknown entity type with an item 400, not a crash', async () => {
    const res = await postWfi(t.url, updatePath(), { requests: [item({ url: '/dayNotes/DN_1', body: { id: 'DN_1' } })] });
    expect(res.status).toBe(200);
    expect(res.json.responses[0]).toMatchObject({ id: 'DN_1', status: 400, body: { eTag: null, error: { code: 'UNKNOWN_ENTITY_TYPE' } } });
    expect(res.json.responses[0]!.body.error!.message).toContain('dayNotes');
  });

  it('rejects a change from a person the WFM does not know with a clear message', async () => {
    const res = await postWfi(t.url, updatePath(), {
      requests: [item({ url: '/shifts/SHFT_stranger', body: shiftBody({ id: 'SHFT_stranger', userId: 'not-a-mapped-user', start: futureTuesday(5, 14), end: futureTuesday(5, 16) }) })],
    });
    expect(res.json.responses[0]).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_EMPLOYEE' } } });
  });

  it('approves our own echoed write (X-MS-WFMPassthrough = WFI id) without touching the WFM', async () => {
    const avery = employee('E1001');
    const start = futureTuesday(0, 15);
    const end = futureTuesday(0, 18);
    const before = await wfmShifts('E1001', start, end);
    // The same overlapping shift the WFM would refuse: approved because it is our own write.
    const res = await postWfi(
      t.url,
      updatePath(),
      { requests: [item({ url: '/shifts/SHFT_echo', body: shiftBody({ id: 'SHFT_echo', userId: avery.userId, start, end }) })] },
      { headers: { 'X-MS-WFMPassthrough': WFI_ID } },
    );
    expect(res.json.responses[0]).toMatchObject({ id: 'SHFT_echo', status: 200, body: { error: null, data: null } });
    expect(res.json.responses[0]!.body.eTag).toEqual(expect.any(String));
    expect(await wfmShifts('E1001', start, end)).toEqual(before);
    const [decision] = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId, limit: 1 });
    expect(decision).toMatchObject({ decision: 'passthrough', entityId: 'SHFT_echo', status: 200 });
  });

  it('does not treat a passthrough header with another value as our own write', async () => {
    const avery = employee('E1001');
    const res = await postWfi(
      t.url,
      updatePath(),
      { requests: [item({ url: '/shifts/SHFT_fake_echo', body: shiftBody({ id: 'SHFT_fake_echo', userId: avery.userId, start: futureTuesday(0, 15), end: futureTuesday(0, 18) }) })] },
      { headers: { 'X-MS-WFMPassthrough': 'someone-else' } },
    );
    expect(res.json.responses[0]).toMatchObject({ status: 400, body: { error: { code: 'OVERLAP' } } });
  });

  it('answers a team that is not connected to the WFM with an in-body 404', async () => {
    const res = await postWfi(t.url, updatePath('00000000-0000-0000-0000-00000000dead'), {
      requests: [item({ url: '/shifts/SHFT_x', body: shiftBody({ id: 'SHFT_x', userId: employee('E1001').userId, start: futureTuesday(6, 14), end: futureTuesday(6, 16) }) })],
    });
    expect(res.status).toBe(200);
    expect(res.json.responses[0]).toMatchObject({ status: 404, body: { error: { code: 'TEAM_NOT_CONNECTED' } } });
  });

  it('accepts the encrypted body under any content type', async () => {
    const body = encryptWfiPayload(JSON.stringify({ requests: [item({ url: '/unknown/1' })] }), wfiVectors.secret);
    const res = await fetch(`${t.url}${updatePath()}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: new Uint8Array(body) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { responses: unknown[] }).responses).toHaveLength(1);
  });
});
