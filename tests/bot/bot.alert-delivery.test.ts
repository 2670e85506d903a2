import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateCard } from '../../bot/cards/validate.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { shownText, startConnectorStandIn, type ConnectorStandIn } from './support/connector.ts';
import { TEAM, rejectedShift, startBotHarness, type BotHarness } from './support/harness.ts';
import { executeAction, installationUpdate, manager, membersAdded, post } from './support/teams.ts';

const settle = (ms = 700) => new Promise((r) => setTimeout(r, ms));

describe.each(STORE_BACKENDS)('proactive alert delivery on loopback (%s)', (backend) => {
  let connector: ConnectorStandIn;
  let h: BotHarness;
  const alice = manager(1, 'Alice Manager');
  const bob = manager(2, 'Bob Manager');

  // One app for the file (booting one takes seconds); each test starts from empty tables.
  beforeAll(async () => {
    connector = await startConnectorStandIn();
    h = await startBotHarness(connector, { backend });
  });
  afterAll(async () => {
    await h.t.close();
    await connector.close();
  });
  beforeEach(async () => {
    await h.reset();
    await h.mapTeam([alice, bob]);
  });

  it('welcomes a manager once on install, in their personal chat, linking to the tab', async () => {
    expect((await post(h.t.url, installationUpdate(alice, connector.url))).status).toBe(200);
    expect((await post(h.t.url, membersAdded(alice, connector.url))).status).toBe(200);
    await connector.waitFor((all) => all.length >= 1);
    await settle(300);
    expect(connector.activities).toHaveLength(1);
    const welcome = connector.activities[0]!;
    expect(welcome.conversationId).toBe(alice.conversationId);
    expect(validateCard(connector.cardOf(welcome) as never)).toEqual([]);
    expect(JSON.stringify(connector.cardOf(welcome))).toContain(`${h.t.app.config.server.publicUrl}/tab/`);
  });

  it('sends the card for a rejected change to every installed manager of the team', async () => {
    await h.install(alice);
    await h.install(bob);
    await h.emit(rejectedShift());
    await connector.waitFor(() => h.alertPosts().length === 2);
    expect(h.alertPosts().map((a) => a.conversationId).sort()).toEqual([alice.conversationId, bob.conversationId]);
    const card = connector.cardOf(h.alertPosts()[0]!);
    expect(validateCard(card as never)).toEqual([]);
    expect(JSON.stringify(card)).toContain(
      'Adele Vance · Shift Tue 12 Oct 15:00-17:00 · Rejected by the WFM: overlaps her 14:00-18:00 shift (OVERLAP)',
    );
    const processed = await h.t.app.store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM alert_events WHERE dispatched_at IS NOT NULL`,
    );
    expect(processed[0]!.n).toBe(1);
  });

  it('retries a Bot Connector 503 and delivers the alert exactly once', async () => {
    await h.install(alice);
    // More failures than the connector client retries in-process, so the durable queue must retry too.
    connector.failNext(...Array.from({ length: 5 }, () => ({ status: 503, retryAfterSeconds: 1 })));
    await h.emit(rejectedShift());
    await connector.waitFor(() => h.alertPosts().length === 1, 30_000);
    await settle(1500);
    expect(h.alertPosts()).toHaveLength(1);
    expect(connector.attempts.filter((a) => a.status === 503)).toHaveLength(5);
    const rows = await h.t.app.store.query<{ state: string; attempts: number }>(
      `SELECT state, attempts FROM bot_deliveries WHERE user_id = $1`,
      [alice.aadObjectId],
    );
    expect(rows).toEqual([{ state: 'sent', attempts: 0 }]);
  }, 40_000);

  it('waits as long as a 429 Retry-After asks before each new attempt', async () => {
    await h.install(alice);
    connector.reset();
    connector.failNext(...Array.from({ length: 5 }, () => ({ status: 429, retryAfterSeconds: 1 })));
    await h.emit(rejectedShift());
    await connector.waitFor(() => h.alertPosts().length === 1, 30_000);
    const times = connector.attempts.map((a) => a.at);
    expect(connector.attempts.map((a) => a.status)).toEqual([429, 429, 429, 429, 429, 200]);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950);
  }, 40_000);

  it('keeps an alert for a manager without the app and delivers it after they install', async () => {
    await h.emit(rejectedShift());
    const stateOfAlice = async () =>
      (await h.t.app.store.query<{ state: string }>(`SELECT state FROM bot_deliveries WHERE user_id = $1`, [alice.aadObjectId]))[0]
        ?.state;
    for (let i = 0; i < 150 && (await stateOfAlice()) !== 'awaiting_install'; i++) await settle(100);
    expect(await stateOfAlice()).toBe('awaiting_install');
    expect(h.alertPosts()).toHaveLength(0);

    await h.install(alice);
    await connector.waitFor(() => h.alertPosts().length === 1);
    expect(h.alertPosts()[0]!.conversationId).toBe(alice.conversationId);
  });

  it('updates the card of an entity that fails again instead of sending a new one', async () => {
    await h.install(alice);
    await h.emit(rejectedShift(1));
    await connector.waitFor(() => h.alertPosts().length === 1);
    const first = h.alertPosts()[0]!;

    await h.emit(rejectedShift(1, { decisionId: 'dec-again', ruleCode: 'MAX_HOURS', message: 'would exceed 40 hours this week' }));
    await connector.waitFor((all) => all.some((a) => a.method === 'PUT'));
    await settle();
    expect(h.alertPosts()).toHaveLength(1);
    const put = connector.activities.find((a) => a.method === 'PUT')!;
    expect(put.activityId).toBe(first.activityId);
    const text = shownText(connector.cardOf(put));
    expect(text).toContain('would exceed 40 hours this week (MAX_HOURS)');
    expect(text).toContain('2 times since');
  });

  it('sets aside an event it cannot read without blocking the ones behind it', async () => {
    await h.install(alice);
    await h.t.app.store.query(
      `INSERT INTO alert_events (kind, team_id, entity_key, payload) VALUES ('change_rejected', $1, 'change_rejected:shift:X', '{"kind":"change_rejected"}'::jsonb)`,
      [TEAM],
    );
    await h.emit(rejectedShift(1));
    await connector.waitFor(() => h.alertPosts().length === 1);
    const pending = await h.t.app.store.query(`SELECT id FROM alert_events WHERE dispatched_at IS NULL`);
    expect(pending).toEqual([]);
    expect(await h.t.app.store.query(`SELECT entity_key FROM bot_alerts`)).toEqual([{ entity_key: 'change_rejected:shift:SHFT_1' }]);
  });

  it('ignores a card action from someone who does not manage the team', async () => {
    const carol = manager(3, 'Carol Outsider');
    await h.install(alice);
    await h.install(carol);
    await h.emit(rejectedShift(1));
    await connector.waitFor(() => h.alertPosts().length === 1);
    const card = h.alertPosts()[0]!;
    const data = (connector.cardOf(card).refresh as { action: { data: Record<string, unknown> } }).action.data;
    const res = await post(h.t.url, executeAction(carol, connector.url, 'alert.handled', data, card.activityId));
    expect(res.status).toBe(200);
    expect(JSON.stringify((res.body as { value: unknown }).value)).toContain('Mark as handled');
    const rows = await h.t.app.store.query<{ state: string }>(`SELECT state FROM bot_alerts`);
    expect(rows).toEqual([{ state: 'open' }]);
  });

  it('turns a burst of more than 5 alerts for one team into one digest card updated in place', async () => {
    await h.install(alice);
    await h.emit(...[1, 2, 3, 4, 5, 6, 7].map((n) => rejectedShift(n)));
    await connector.waitFor(() => h.alertPosts().some((a) => JSON.stringify(connector.cardOf(a)).includes('digest.refresh')));
    await settle();
    const digests = () => h.alertPosts().filter((a) => JSON.stringify(connector.cardOf(a)).includes('digest.refresh'));
    expect(h.alertPosts()).toHaveLength(6); // five single alerts, then one digest
    expect(digests()).toHaveLength(1);

    await h.emit(rejectedShift(8), rejectedShift(9));
    await connector.waitFor((all) =>
      all.some((a) => a.method === 'PUT' && a.activityId === digests()[0]!.activityId && JSON.stringify(connector.cardOf(a)).includes('9 alerts')),
    );
    await settle();
    expect(digests()).toHaveLength(1);
    expect(h.alertPosts()).toHaveLength(6);
    const latest = connector.activities.filter((a) => a.method === 'PUT').at(-1)!;
    expect(validateCard(connector.cardOf(latest) as never)).toEqual([]);
  });
});
