/**
 * The bot against the real sync engine, webhook and Shifts emulator: a sync failure and a change
 * rejected in Shifts reach the manager as cards, and Retry / Mark as handled act on them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertOutbox } from '../../connector/alerts/index.ts';
import { deleteUserMapping, upsertTeamMapping, upsertUserMapping } from '../../connector/mappings/index.ts';
import { DEMO_EMPLOYEES, DEMO_TEAMS } from '../../connector/wfm/embedded/demo.ts';
import { validateCard } from '../../bot/cards/validate.ts';
import { BKN, shiftsOf, startHarness, type Harness } from '../sync/support/harness.ts';
import { futureTuesday } from '../webhook/support.ts';
import { shownText, startConnectorStandIn, type CapturedActivity, type ConnectorStandIn } from './support/connector.ts';
import { executeAction, installationUpdate, message, post, type Manager } from './support/teams.ts';

const avery = DEMO_EMPLOYEES.find((e) => e.wfmEmployeeId === 'E1001')!;
const bknManagerId = DEMO_TEAMS[0]!.managerUserIds[0]!;
const boss: Manager = { aadObjectId: bknManagerId, mri: '29:bkn-manager', name: 'Morgan Lee', conversationId: 'a:bkn-manager-chat' };

interface InvokeBody {
  statusCode: number;
  type: string;
  value: { body: unknown; actions?: Array<{ title: string }> };
}

describe('bot cards over the sync engine, the webhook and the Shifts emulator', () => {
  let h: Harness;
  let connector: ConnectorStandIn;
  const cardText = (a: CapturedActivity) => shownText(connector.cardOf(a));
  const failureCards = () => connector.activities.filter((a) => a.method === 'POST' && cardText(a).includes('"alert.retry"'));

  beforeAll(async () => {
    connector = await startConnectorStandIn();
    // A high digest threshold: this suite is about single cards and their actions.
    h = await startHarness({ env: { BOT_DIGEST_THRESHOLD: '1000', BOT_AUTO_INSTALL_APP_ID: 'catalog-app-1' } });
    await deleteUserMapping(h.t.app.store, avery.userId);
    // No managers in the mapping: the manager is reached as the team's owner in Graph (the emulator).
    const bkn = DEMO_TEAMS[0]!;
    const mapped = await upsertTeamMapping(h.t.app.store, {
      teamId: bkn.teamsTeamId,
      wfmTeamId: bkn.wfmTeamId,
      timeZone: bkn.timeZone,
      ownerUserId: null,
      managerUserIds: [],
      enabled: true,
    });
    expect(mapped.ok).toBe(true);
    expect(bkn.ownerUserId).toBe(bknManagerId);
    const installed = await post(h.t.url, installationUpdate(boss, connector.url));
    expect(installed.status).toBe(200);
    await connector.waitFor((all) => all.length === 1); // welcome
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await connector?.close();
  });

  it('sends a card for each new sync failure to the team’s owner in Graph', async () => {
    const run = await h.sync.runNow(BKN, 'initial');
    expect(run.state).toBe('partial');
    const failures = await h.sync.service.listFailures({ teamIds: [BKN], state: ['open'] });
    expect(failures.length).toBeGreaterThan(1);
    await connector.waitFor(() => failureCards().length === failures.length, 30_000);
    for (const card of failureCards()) {
      expect(card.conversationId).toBe(boss.conversationId);
      expect(validateCard(connector.cardOf(card) as never)).toEqual([]);
      expect(cardText(card)).toContain('UNMAPPED_EMPLOYEE');
      expect(cardText(card)).toContain('(America/New_York)');
    }
  }, 60_000);

  it('Retry through an adaptiveCard/action invoke retries the entity and returns the updated card', async () => {
    await upsertUserMapping(h.t.app.store, { userId: avery.userId, wfmEmployeeId: avery.wfmEmployeeId, displayName: avery.displayName, upn: avery.upn });
    const target = failureCards()[0]!;
    const retry = (connector.cardOf(target).actions as Array<{ verb?: string; data?: { alertId: number } }>).find((a) => a.verb === 'alert.retry')!;
    const shiftsBefore = shiftsOf(h.emu, BKN).length;

    const res = await post(h.t.url, executeAction(boss, connector.url, 'alert.retry', retry.data!, target.activityId));
    expect(res.status).toBe(200);
    const body = res.body as InvokeBody;
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const returned = JSON.stringify(body.value);
    expect(returned).toContain('Resolved');
    expect(returned).toContain('Retried by Morgan Lee');
    expect(returned).toContain('synced successfully');
    expect(body.value.actions?.map((a) => a.title)).toEqual(['Open sync status']);
    expect(validateCard(body.value as never)).toEqual([]);

    expect(shiftsOf(h.emu, BKN).length).toBe(shiftsBefore + 1);
    const alert = await h.t.app.store.query<{ failure: string }>(`SELECT payload->>'failureId' AS failure FROM bot_alerts WHERE id = $1`, [
      retry.data!.alertId,
    ]);
    expect((await h.sync.service.getFailure(alert[0]!.failure))?.state).toBe('resolved');
    // The stored message is edited too, so the card reads the same when the chat is reopened.
    await connector.waitFor((all) => all.some((a) => a.method === 'PUT' && a.activityId === target.activityId && cardText(a).includes('Resolved')));
  }, 60_000);

  it('Mark as handled closes the failure in the sync engine and updates the card', async () => {
    const target = failureCards()[1]!;
    const handled = (connector.cardOf(target).actions as Array<{ verb?: string; data?: { alertId: number } }>).find((a) => a.verb === 'alert.handled')!;
    const res = await post(h.t.url, executeAction(boss, connector.url, 'alert.handled', handled.data!, target.activityId));
    const body = res.body as InvokeBody;
    expect(JSON.stringify(body.value)).toContain('Marked as handled by Morgan Lee');
    const row = await h.t.app.store.query<{ failure: string; state: string }>(
      `SELECT payload->>'failureId' AS failure, state FROM bot_alerts WHERE id = $1`,
      [handled.data!.alertId],
    );
    expect(row[0]!.state).toBe('handled');
    expect((await h.sync.service.getFailure(row[0]!.failure))?.state).toBe('handled');
  }, 30_000);

  it('a refresh from another viewer returns the current card without acting', async () => {
    const target = failureCards()[0]!;
    const data = (connector.cardOf(target).refresh as { action: { data: Record<string, unknown> } }).action.data;
    const res = await post(h.t.url, executeAction(boss, connector.url, 'alert.refresh', data, target.activityId, 'automatic'));
    expect(JSON.stringify((res.body as InvokeBody).value)).toContain('Resolved');
  });

  it('answers the failures and status commands with the team’s open failures and health', async () => {
    const before = connector.activities.length;
    await post(h.t.url, message(boss, connector.url, 'failures'));
    await post(h.t.url, message(boss, connector.url, '  STATUS '));
    await connector.waitFor((all) => all.length >= before + 2);
    const [failures, status] = connector.activities.slice(before).map((a) => connector.cardOf(a));
    const open = await h.sync.service.listFailures({ teamIds: [BKN], state: ['open', 'retrying'] });
    expect(JSON.stringify(failures)).toContain(`${open.length} open sync failure(s)`);
    expect((JSON.stringify(failures).match(/"failure\.retry"/g) ?? []).length).toBe(Math.min(open.length, 10));
    expect(JSON.stringify(status)).toContain('Open failures');
    expect(validateCard(failures as never)).toEqual([]);
    expect(validateCard(status as never)).toEqual([]);
  });

  it('Retry on the failures card retries that failure, answers with the shorter list and resolves its alert card', async () => {
    const open = await h.sync.service.listFailures({ teamIds: [BKN], state: ['open', 'retrying'] });
    const failure = open[0]!;
    const alert = (
      await h.t.app.store.query<{ id: number }>(`SELECT id FROM bot_alerts WHERE payload->>'failureId' = $1`, [failure.id])
    )[0]!;
    const alertCard = connector.activities.find((a) => a.method === 'POST' && cardText(a).includes(`"alertId":${alert.id}}`))!;
    const res = await post(h.t.url, executeAction(boss, connector.url, 'failure.retry', { failureId: failure.id }, 'failures-card'));
    const text = JSON.stringify((res.body as InvokeBody).value);
    expect(text).toContain('Retried: synced successfully.');
    expect(text).toContain(`${open.length - 1} open sync failure(s)`);
    expect((await h.sync.service.getFailure(failure.id))?.state).toBe('resolved');
    await connector.waitFor((all) => all.some((a) => a.method === 'PUT' && a.activityId === alertCard.activityId && cardText(a).includes('Resolved')));
  }, 30_000);

  it('a change rejected in Shifts (emulator → webhook → WFM rule) reaches the manager as a card', async () => {
    const start = futureTuesday(0, 15);
    const end = futureTuesday(0, 18);
    const res = await fetch(`${h.emu.url}/_emulator/act/teams/${BKN}/shifts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: bknManagerId, userId: avery.userId, startDateTime: start, endDateTime: end }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400); // Shifts shows the WFM's refusal to the manager
    await connector.waitFor((all) => all.some((a) => a.method === 'POST' && cardText(a).includes('Rejected by the WFM')), 20_000);
    const card = connector.activities.find((a) => a.method === 'POST' && cardText(a).includes('Rejected by the WFM'))!;
    expect(card.conversationId).toBe(boss.conversationId);
    const [decision] = await h.t.app.store.query<{ rule: string; message: string }>(
      `SELECT payload->>'ruleCode' AS rule, payload->>'message' AS message FROM alert_events WHERE kind = 'change_rejected'`,
    );
    expect(decision!.message.length).toBeGreaterThan(0);
    expect(cardText(card)).toContain(`Avery Johnson · Shift `);
    expect(cardText(card)).toContain(`· Rejected by the WFM: ${decision!.message} (${decision!.rule})`);
    expect(validateCard(connector.cardOf(card) as never)).toEqual([]);
  }, 40_000);

  it('asks Graph to install the app for a manager who has not, and keeps the alert waiting meanwhile', async () => {
    const cmd = DEMO_TEAMS[1]!;
    await h.t.app.store.transaction((tx) =>
      createAlertOutbox().emit(tx, {
        kind: 'change_rejected',
        teamId: cmd.teamsTeamId,
        decisionId: 'dec-cmd',
        entityType: 'shift',
        entityId: 'SHFT_cmd',
        operation: 'create',
        actingUserId: null,
        ruleCode: 'OVERLAP',
        message: 'overlaps another shift',
        subject: null,
        occurredAt: new Date().toISOString(),
      }),
    );
    const requestFor = async () =>
      (await h.t.app.store.query<{ outcome: string }>(`SELECT outcome FROM bot_install_requests WHERE user_id = $1`, [cmd.ownerUserId]))[0];
    for (let i = 0; i < 100 && !(await requestFor()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await requestFor()).toBeDefined();
    const delivery = await h.t.app.store.query<{ state: string }>(`SELECT state FROM bot_deliveries WHERE user_id = $1`, [cmd.ownerUserId]);
    expect(delivery).toEqual([{ state: 'awaiting_install' }]);
  }, 30_000);
});
