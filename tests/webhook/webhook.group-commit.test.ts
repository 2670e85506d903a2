/**
 * Concurrent /update requests on the embedded store are validated and written together
 * (group commit). Whatever the batching, each request must be answered exactly as if it had
 * come alone, in arrival order: these tests send requests at once and check the answers, the
 * WFM, the audit, the idempotency records and the alerts.
 */
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertOutbox } from '../../connector/alerts/index.ts';
import { createUpdateBatcher } from '../../connector/webhook/batch.ts';
import { createInstanceLiveness } from '../../connector/webhook/liveness.ts';
import type { WebhookContext } from '../../connector/webhook/context.ts';
import { DEFAULT_DEADLINE } from '../../connector/webhook/deadline.ts';
import { createWebhookMetrics } from '../../connector/webhook/metrics.ts';
import { parseEntries } from '../../connector/webhook/update.ts';
import { getEntityMappingByShiftsId } from '../../connector/mappings/index.ts';
import { listDecisions } from '../../connector/webhook/index.ts';
import { createEmbeddedWfm } from '../../connector/wfm/index.ts';
import type { TestApp } from '../support/app.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { BROOKLYN, employee, futureTuesday, item, postWfi, shiftBody, startSeededWebhookApp, updatePath, WEBHOOK_ENV } from './support.ts';

const people = ['E1001', 'E1002', 'E1003', 'E1004', 'E1005', 'E1006'].map(employee);

function create(id: string, userId: string, start: string, end: string, jobKey = 'cashier') {
  return { requests: [item({ url: `/shifts/${id}`, transactionId: `tx-${id}`, body: shiftBody({ id, userId, start, end, jobKey }) })] };
}

/** Histogram `_sum` and `_count` of the group-commit size, from /metrics. */
async function groupCommits(url: string): Promise<{ requests: number; batches: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (suffix: string) => Number(/^wfi_webhook_group_commit_requests_(\w+) (\S+)$/m.exec(text.split('\n').filter((l) => l.startsWith(`wfi_webhook_group_commit_requests_${suffix} `)).join('\n'))?.[2] ?? 0);
  return { requests: value('sum'), batches: value('count') };
}

describe.each(STORE_BACKENDS)('/update under concurrency (%s store)', (backend) => {
  let t: TestApp;
  const wfm = () => createEmbeddedWfm({ store: t.app.store });
  const shiftsOf = async (employeeId: string, start: string, end: string) => {
    const r = await wfm().listShifts(BROOKLYN.wfmTeamId, { start, end });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.filter((s) => s.employeeId === employeeId);
  };

  beforeAll(async () => {
    t = await startSeededWebhookApp(backend);
  });
  afterAll(async () => t?.close());

  it('approves concurrent creations for different people, records each once, and replays their retries', async () => {
    const before = await groupCommits(t.url);
    // Four shifts for each of six people, a week apart (no rule stands in the way).
    const spread = Array.from({ length: 24 }, (_, i) => {
      const week = 8 + Math.floor(i / people.length);
      return { id: `SHFT_gc_${i}`, person: people[i % people.length]!, start: futureTuesday(week, 13), end: futureTuesday(week, 15) };
    });
    const answers = await Promise.all(spread.map((s) => postWfi(t.url, updatePath(), create(s.id, s.person.userId, s.start, s.end, s.person.jobKeys[0]))));
    for (const a of answers) {
      expect(a.json.responses[0]).toMatchObject({ status: 200, body: { error: null } });
      expect(a.json.responses[0]!.body.eTag).toEqual(expect.any(String));
    }
    for (const s of spread) {
      const mapping = await getEntityMappingByShiftsId(t.app.store, BROOKLYN.teamsTeamId, 'shift', s.id);
      expect(mapping?.wfmId, s.id).toEqual(expect.any(String));
      expect((await shiftsOf(s.person.wfmEmployeeId, s.start, s.end)).map((x) => x.id)).toEqual([mapping!.wfmId]);
    }
    const decisions = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId, decision: 'approved', limit: 100 });
    for (const s of spread) expect(decisions.filter((d) => d.entityId === s.id)).toHaveLength(1);

    // Retries get the recorded answer, and nothing is applied twice.
    const again = await Promise.all(spread.map((s) => postWfi(t.url, updatePath(), create(s.id, s.person.userId, s.start, s.end, s.person.jobKeys[0]))));
    again.forEach((a, i) => expect(a.json).toEqual(answers[i]!.json));
    for (const s of spread) expect(await shiftsOf(s.person.wfmEmployeeId, s.start, s.end)).toHaveLength(1);

    const after = await groupCommits(t.url);
    // The 24 first copies went through group commit (how many share a commit depends on how
    // they arrive; the embedded-store test below makes them share one); the retries did not.
    expect(after.requests - before.requests).toBe(24);
  });

  it('rejects the later of two overlapping shifts sent at the same moment, with its rule and alert', async () => {
    const avery = people[0]!;
    const start = futureTuesday(14, 14);
    const end = futureTuesday(14, 18);
    const [a, b] = await Promise.all([
      postWfi(t.url, updatePath(), create('SHFT_gc_first', avery.userId, start, end)),
      postWfi(t.url, updatePath(), create('SHFT_gc_second', avery.userId, futureTuesday(14, 15), futureTuesday(14, 19))),
    ]);
    const statuses = [a!.json.responses[0]!.status, b!.json.responses[0]!.status].sort();
    expect(statuses).toEqual([200, 400]);
    const rejected = [a!, b!].find((r) => r.json.responses[0]!.status === 400)!.json.responses[0]!;
    expect(rejected.body).toMatchObject({ eTag: null, error: { code: 'OVERLAP' } });
    expect(await shiftsOf(avery.wfmEmployeeId, start, futureTuesday(14, 19))).toHaveLength(1);
    const rejectedId = rejected.id;
    const alerts = await t.app.store.query<{ payload: { ruleCode: string } }>(
      `SELECT payload FROM alert_events WHERE kind = 'change_rejected' AND entity_key = $1`,
      [`change_rejected:shift:${rejectedId}`],
    );
    expect(alerts.map((x) => x.payload.ruleCode)).toEqual(['OVERLAP']);
    const [decision] = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId, decision: 'rejected', limit: 1 });
    expect(decision).toMatchObject({ entityId: rejectedId, ruleCode: 'OVERLAP', status: 400 });
  });

  it('applies an edit and a creation for the same person sent together against each other', async () => {
    const jordan = people[1]!;
    const id = 'SHFT_gc_edit';
    const created = await postWfi(t.url, updatePath(), create(id, jordan.userId, futureTuesday(20, 13), futureTuesday(20, 15)));
    expect(created.json.responses[0]!.status).toBe(200);
    // Move the shift later, and at the same moment add one where it used to be: both fit
    // only if the edit is seen by the creation's overlap check (or comes after it).
    const [moved, added] = await Promise.all([
      postWfi(t.url, updatePath(), {
        requests: [item({ method: 'PUT', url: `/shifts/${id}`, body: shiftBody({ id, userId: jordan.userId, start: futureTuesday(20, 22), end: futureTuesday(20, 23) }) })],
      }),
      postWfi(t.url, updatePath(), create('SHFT_gc_added', jordan.userId, futureTuesday(20, 12), futureTuesday(20, 14))),
    ]);
    expect(moved.json.responses[0]!.status).toBe(200);
    expect(moved.json.responses[0]!.body.eTag).not.toBe(created.json.responses[0]!.body.eTag);
    const stored = await shiftsOf(jordan.wfmEmployeeId, futureTuesday(20, 0), futureTuesday(21, 0));
    if (added.json.responses[0]!.status === 200) {
      // The creation was checked after the move: both shifts are there, apart.
      expect(stored.map((s) => s.start).sort()).toEqual([futureTuesday(20, 12), futureTuesday(20, 22)]);
    } else {
      // The creation was checked before the move: it overlapped the old shift.
      expect(added.json.responses[0]!.body.error?.code).toBe('OVERLAP');
      expect(stored.map((s) => s.start)).toEqual([futureTuesday(20, 22)]);
    }
  });
});

/** The webhook's context on a test app's store, to submit to a batcher directly. */
function directContext(t: TestApp, registry: Registry): WebhookContext {
  return {
    config: { tenantId: undefined, wfiId: WEBHOOK_ENV.WFI_ID, secrets: [WEBHOOK_ENV.WFI_SECRET], mode: 'two-way', oneWayAllowed: [], deadline: DEFAULT_DEADLINE },
    store: t.app.store,
    wfm: createEmbeddedWfm({ store: t.app.store }),
    alerts: createAlertOutbox(),
    log: pino({ level: 'silent' }),
    metrics: createWebhookMetrics(registry),
    now: Date.now,
    liveness: createInstanceLiveness(t.app.store),
  };
}

describe('group commit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSeededWebhookApp();
  });
  afterAll(async () => t?.close());

  it('writes requests that wait at the same time in one commit, each answered on its own', async () => {
    const registry = new Registry();
    const batcher = createUpdateBatcher(directContext(t, registry))!;
    expect(batcher).toBeDefined();
    const avery = people[0]!;
    // Five shifts for Avery: four a day apart and one overlapping the first.
    const day = (d: number, iso: string) => new Date(Date.parse(iso) + d * 86_400_000).toISOString();
    const shifts = [0, 1, 2, 3].map((d) => ({ id: `SHFT_direct_${d}`, start: day(d, futureTuesday(30, 13)), end: day(d, futureTuesday(30, 15)) }));
    shifts.push({ id: 'SHFT_direct_clash', start: futureTuesday(30, 14), end: futureTuesday(30, 16) });
    const pending = shifts.map((x) =>
      batcher.submit({ teamId: BROOKLYN.teamsTeamId, entries: parseEntries(create(x.id, avery.userId, x.start, x.end)), started: performance.now(), deadline: Date.now() + 10_000 }),
    );
    const outcomes = await Promise.all(pending);
    expect(outcomes.map((o) => o?.[0]?.response.status)).toEqual([200, 200, 200, 200, 400]);
    expect(outcomes[4]![0]!.response.body.error?.code).toBe('OVERLAP');
    const size = (await registry.getSingleMetric('wfi_webhook_group_commit_requests')!.get()).values as Array<{ metricName?: string; value: number }>;
    expect(size.find((v) => v.metricName === 'wfi_webhook_group_commit_requests_count')?.value).toBe(1);
    expect(size.find((v) => v.metricName === 'wfi_webhook_group_commit_requests_sum')?.value).toBe(5);
    const decisions = await listDecisions(t.app.store, { teamId: BROOKLYN.teamsTeamId, limit: 10 });
    expect(decisions.filter((d) => d.entityId.startsWith('SHFT_direct_')).map((d) => [d.entityId, d.decision]).sort()).toEqual([
      ['SHFT_direct_0', 'approved'],
      ['SHFT_direct_1', 'approved'],
      ['SHFT_direct_2', 'approved'],
      ['SHFT_direct_3', 'approved'],
      ['SHFT_direct_clash', 'rejected'],
    ]);
  });

  it('hands back a retried request, which the regular path answers from its record', async () => {
    const jordan = people[1]!;
    const payload = create('SHFT_direct_retry', jordan.userId, futureTuesday(31, 13), futureTuesday(31, 15));
    const first = await postWfi(t.url, updatePath(), payload);
    expect(first.json.responses[0]!.status).toBe(200);
    const handedBack = await createUpdateBatcher(directContext(t, new Registry()))!.submit({ teamId: BROOKLYN.teamsTeamId, entries: parseEntries(payload), started: performance.now(), deadline: Date.now() + 10_000 });
    expect(handedBack).toBeUndefined();
    expect((await postWfi(t.url, updatePath(), payload)).json).toEqual(first.json);
  });
});
