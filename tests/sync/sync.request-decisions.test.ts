import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntityMappingByShiftsId, getTeamMapping, listEntityMappings, upsertTeamMapping } from '../../connector/mappings/index.ts';
import { WITHDRAWN_MESSAGE } from '../../connector/sync/requests.ts';
import { DEMO_EMPLOYEES, DEMO_TEAMS } from '../../connector/wfm/embedded/demo.ts';
import type { Actor } from '../../connector/wfm/index.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { BKN, shiftsOf, startHarness, type Harness } from './support/harness.ts';

const OWNER = DEMO_TEAMS[0]!.ownerUserId;
const WFM_MANAGER: Actor = { employeeId: null, role: 'manager', userId: null };
const worker = DEMO_EMPLOYEES.filter((e) => e.wfmTeamId === 'store-bkn')[0]!;
const DAY = 86_400_000;

/** Midnight UTC `days` from now, as Graph writes it. */
const dayFromNow = (days: number) => new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY).toISOString().replace('.000Z', 'Z');

describe.each(STORE_BACKENDS)('WFM decisions on requests made in Shifts reach Shifts (%s)', (backend) => {
  let h: Harness;
  let reasonId: string;
  const act = async (path: string, body: unknown) => {
    const res = await fetch(`${h.emu.url}/_emulator/act/teams/${BKN}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as { id: string } };
  };
  const shiftsRequest = (id: string) => h.emu.state.teams.get(BKN)!.schedule!.collections.timeOffRequests.get(id)!;
  /** The worker's Shifts time off starting then, shared or draft. */
  const timesOffOf = (userId: string, start: string) =>
    shiftsOf(h.emu, BKN, 'timesOff').filter((t) => {
      const item = (t.sharedTimeOff ?? t.draftTimeOff) as { startDateTime: string } | null;
      return t.userId === userId && item !== null && Date.parse(item.startDateTime) === Date.parse(start);
    });
  async function setOwner(ownerUserId: string | null) {
    const team = (await getTeamMapping(h.t.app.store, BKN))!;
    expect((await upsertTeamMapping(h.t.app.store, { ...team, ownerUserId })).ok).toBe(true);
  }
  /** A worker asks for a day off in Shifts; the webhook puts it into the WFM. */
  async function askForDayOff(days: number): Promise<{ shiftsId: string; wfmId: string; start: string }> {
    const start = dayFromNow(days);
    const asked = await act('/timeOffRequests', { as: worker.userId, timeOffReasonId: reasonId, startDateTime: start, endDateTime: dayFromNow(days + 1), message: 'Family' });
    expect(asked.status).toBe(201);
    const m = await getEntityMappingByShiftsId(h.t.app.store, BKN, 'request', asked.json.id);
    expect(m).toBeDefined();
    return { shiftsId: asked.json.id, wfmId: m!.wfmId, start };
  }
  async function decideInWfm(wfmId: string, transition: 'approve' | 'decline', message: string | null) {
    const r = await h.wfm.applyAsWfm('store-bkn', [{ kind: 'request.transition', id: wfmId, transition, message }], WFM_MANAGER);
    expect(r.ok).toBe(true);
  }
  const wfmRequest = async (wfmId: string) => {
    const r = await h.wfm.listRequests('store-bkn', { start: new Date(Date.now() - DAY).toISOString(), end: new Date(Date.now() + 30 * DAY).toISOString() });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.find((x) => x.id === wfmId);
  };

  beforeAll(async () => {
    h = await startHarness({ backend });
    await setOwner(OWNER);
    const run = await h.sync.runNow(BKN, 'initial');
    expect(run.state).toBe('succeeded');
    reasonId = (await listEntityMappings(h.t.app.store, BKN, 'timeOffReason'))[0]!.shiftsId;
  }, 120_000);
  afterAll(async () => h?.close());

  it('approves a time-off request in Shifts as the team owner with the WFM manager\'s message, with exactly one time off', async () => {
    const req = await askForDayOff(5);
    await decideInWfm(req.wfmId, 'approve', 'Enjoy the day');
    const run = await h.sync.runNow(BKN, 'incremental');
    expect(run.state).toBe('succeeded');
    expect(shiftsRequest(req.shiftsId)).toMatchObject({ state: 'approved', managerUserId: OWNER, managerActionMessage: 'Enjoy the day' });
    expect(timesOffOf(worker.userId, req.start)).toHaveLength(1);
    expect((await wfmRequest(req.wfmId))?.state).toBe('approved');
    // The WFM's time off is mapped to the one Shifts created: a reconcile writes nothing.
    const reconcile = await h.sync.runNow(BKN, 'reconcile', { full: true });
    expect(reconcile.state).toBe('succeeded');
    expect(timesOffOf(worker.userId, req.start)).toHaveLength(1);
    expect(reconcile.counts.timeOff?.created ?? 0).toBe(0);
  }, 60_000);

  it('declines a time-off request in Shifts and creates nothing', async () => {
    const req = await askForDayOff(7);
    await decideInWfm(req.wfmId, 'decline', 'We are short that day');
    expect((await h.sync.runNow(BKN, 'incremental')).state).toBe('succeeded');
    expect(shiftsRequest(req.shiftsId)).toMatchObject({ state: 'declined', managerUserId: OWNER, managerActionMessage: 'We are short that day' });
    expect(timesOffOf(worker.userId, req.start)).toHaveLength(0);
  }, 60_000);

  it('declines in Shifts a request withdrawn in the WFM, saying so', async () => {
    const req = await askForDayOff(9);
    const r = await h.wfm.applyAsWfm('store-bkn', [{ kind: 'request.transition', id: req.wfmId, transition: 'cancel', message: null }], { employeeId: worker.wfmEmployeeId, role: 'worker', userId: null });
    expect(r.ok).toBe(true);
    expect((await h.sync.runNow(BKN, 'incremental')).state).toBe('succeeded');
    expect(shiftsRequest(req.shiftsId)).toMatchObject({ state: 'declined', managerActionMessage: WITHDRAWN_MESSAGE });
  }, 60_000);

  it('leaves a request alone that Shifts\' manager decided too, and everything agrees', async () => {
    const req = await askForDayOff(11);
    await decideInWfm(req.wfmId, 'approve', null);
    // Shifts' manager acts before the sync runs; the webhook tells the WFM, which already decided.
    await act(`/requests/${req.shiftsId}/decline`, { as: OWNER, message: 'No' });
    const run = await h.sync.runNow(BKN, 'incremental');
    expect(run.state).toBe('succeeded');
    expect(shiftsRequest(req.shiftsId).state).not.toBe('pending');
  }, 60_000);

  it('rides out a 503 and a 429 from Graph and still lands the decision once', async () => {
    const req = await askForDayOff(13);
    await decideInWfm(req.wfmId, 'approve', 'Fine');
    h.emu.setThrottle({ perTeamPerSecond: 1 });
    h.emu.setFaults({ errorRate: 0.3 });
    const run = await h.sync.runNow(BKN, 'incremental');
    h.emu.setFaults({ errorRate: 0 });
    h.emu.setThrottle({ perTeamPerSecond: 40 });
    if (run.state !== 'succeeded') expect((await h.sync.service.retryAll(BKN)).ok).toBe(true);
    expect(shiftsRequest(req.shiftsId)).toMatchObject({ state: 'approved', managerActionMessage: 'Fine' });
    expect(timesOffOf(worker.userId, req.start)).toHaveLength(1);
  }, 120_000);

  it('records a clear failure and alerts when the team has no owner to act as, and lands it once one is set', async () => {
    await setOwner(null);
    const req = await askForDayOff(15);
    await decideInWfm(req.wfmId, 'approve', null);
    const run = await h.sync.runNow(BKN, 'incremental');
    expect(run.state).toBe('partial');
    const [failure] = await h.sync.service.listFailures({ teamIds: [BKN], entityType: 'request', state: ['open', 'retrying'] });
    expect(failure).toMatchObject({ errorCode: 'NO_TEAM_OWNER', wfmId: req.wfmId });
    expect(failure!.errorMessage).toContain('ownerUserId');
    const alerts = await h.t.app.store.query<{ payload: { errorCode: string } }>(`SELECT payload FROM alert_events WHERE kind = 'sync_failure'`);
    expect(alerts.some((a) => a.payload.errorCode === 'NO_TEAM_OWNER')).toBe(true);
    expect(shiftsRequest(req.shiftsId).state).toBe('pending');

    await setOwner(OWNER);
    const retried = await h.sync.service.retryFailure(failure!.id);
    expect(retried.ok && retried.value.state).toBe('resolved');
    expect(shiftsRequest(req.shiftsId).state).toBe('approved');
    expect(timesOffOf(worker.userId, req.start)).toHaveLength(1);
  }, 60_000);
});


describe.each(STORE_BACKENDS)('schedule settings follow the team\'s sync modes (%s)', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ backend });
    const team = (await getTeamMapping(h.t.app.store, BKN))!;
    await upsertTeamMapping(h.t.app.store, { ...team, ownerUserId: OWNER, syncModes: { swapRequests: 'off', timeOff: 'off' } });
  }, 120_000);
  afterAll(async () => h?.close());
  const props = () => h.emu.state.teams.get(BKN)!.schedule!.props;

  it('turns swap requests off in Shifts after a sync, and a swap tried anyway reaches neither side', async () => {
    const started = Date.now();
    expect((await h.sync.runNow(BKN, 'initial')).state).toBe('succeeded');
    expect(props()).toMatchObject({ swapShiftsRequestsEnabled: false, timeOffRequestsEnabled: true, offerShiftRequestsEnabled: true, openShiftsEnabled: true, timeClockEnabled: false });
    // Time off is off for this team: the WFM's time off is not written (shifts are).
    expect(shiftsOf(h.emu, BKN, 'timesOff')).toHaveLength(0);
    expect(shiftsOf(h.emu, BKN).length).toBeGreaterThan(0);
    const shifts = shiftsOf(h.emu, BKN);
    const mine = shifts.find((s) => s.userId === worker.userId)!;
    const theirs = shifts.find((s) => s.userId !== worker.userId)!;
    const res = await fetch(`${h.emu.url}/_emulator/act/teams/${BKN}/swapRequests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: worker.userId, senderShiftId: mine.id, recipientShiftId: theirs.id }),
    });
    // Shifts refuses it (its eligibility check or our webhook's 403; the webhook's sentence is
    // pinned in webhook.sync-modes.test.ts) and nothing reaches either side.
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(h.emu.state.teams.get(BKN)!.schedule!.collections.swapShiftsChangeRequests.size).toBe(0);
    const wfm = await h.wfm.listRequests('store-bkn', { start: new Date(Date.now() - DAY).toISOString(), end: new Date(Date.now() + 30 * DAY).toISOString() });
    expect(wfm.ok && wfm.value.filter((r) => r.kind === 'swap' && Date.parse(r.createdAt) >= started)).toEqual([]);
  }, 60_000);

  it('puts a setting changed behind its back back on the next reconcile, and reports it', async () => {
    props().swapShiftsRequestsEnabled = true;
    const run = await h.sync.runNow(BKN, 'reconcile', { full: true });
    expect(run.state).toBe('succeeded');
    expect(props().swapShiftsRequestsEnabled).toBe(false);
    expect(run.counts.scheduleSetting).toEqual({ updated: 1 });
  }, 60_000);
});
