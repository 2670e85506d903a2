import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, uniqueSchema } from '../support/env.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connector.ts';
import { rejectedShift, startBotHarness, type BotHarness } from './support/harness.ts';
import { executeAction, manager, post } from './support/teams.ts';

describe.runIf(TEST_DATABASE_URL)('two instances on one PostgreSQL', () => {
  let connector: ConnectorStandIn;
  let a: BotHarness;
  let b: BotHarness;
  const alice = manager(1, 'Alice Manager');

  beforeAll(async () => {
    connector = await startConnectorStandIn();
    const schema = uniqueSchema('bot');
    const shared = {
      backend: 'postgres' as const,
      storeSchema: schema,
      jobsSchema: `${schema}_jobs`,
      env: { BOT_DIGEST_THRESHOLD: '1000' },
    };
    a = await startBotHarness(connector, shared);
    b = await startBotHarness(connector, shared);
  }, 120_000);
  afterAll(async () => {
    await a?.t.close();
    await b?.t.close();
    await connector?.close();
  });

  it('delivers every alert exactly once while both instances consume the outbox', async () => {
    await a.mapTeam([alice]);
    await a.install(alice); // installed through instance A
    const events = Array.from({ length: 20 }, (_, i) => rejectedShift(i + 1));
    await Promise.all([a.emit(...events.slice(0, 10)), b.emit(...events.slice(10))]);
    await connector.waitFor(() => a.alertPosts().length >= 20, 60_000);
    await new Promise((r) => setTimeout(r, 2000));
    const entities = a.alertPosts().map((p) => /"alertId":(\d+)/.exec(JSON.stringify(connector.cardOf(p)))?.[1]);
    expect(a.alertPosts()).toHaveLength(20);
    expect(new Set(entities).size).toBe(20);
  }, 90_000);

  it('an action handled by the other instance updates the card sent by the first', async () => {
    const card = a.alertPosts()[0]!;
    const data = (connector.cardOf(card).refresh as { action: { data: Record<string, unknown> } }).action.data;
    const res = await post(b.t.url, executeAction(alice, connector.url, 'alert.handled', data, card.activityId));
    expect(JSON.stringify((res.body as { value: unknown }).value)).toContain('Marked as handled by Alice Manager');
    await connector.waitFor((all) => all.some((x) => x.method === 'PUT' && x.activityId === card.activityId), 20_000);
  }, 30_000);
});
