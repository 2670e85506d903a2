import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connector.ts';
import { startBotHarness, type BotHarness } from './support/harness.ts';
import { manager, message, post } from './support/teams.ts';

describe('chat commands', () => {
  let connector: ConnectorStandIn;
  let h: BotHarness;
  const alice = manager(1, 'Alice Manager');

  beforeAll(async () => {
    connector = await startConnectorStandIn();
    h = await startBotHarness(connector);
  });
  afterAll(async () => {
    await h.t.close();
    await connector.close();
  });
  beforeEach(async () => {
    await h.reset();
    await h.mapTeam([alice]);
    await h.install(alice);
  });

  const reply = async (text: string) => {
    const before = connector.activities.length;
    expect((await post(h.t.url, message(alice, connector.url, text))).status).toBe(200);
    await connector.waitFor((all) => all.length > before);
    return JSON.stringify(connector.cardOf(connector.activities.at(-1)!));
  };

  it('help lists the commands', async () => {
    const card = await reply('help');
    expect(card).toContain('What I can do');
    expect(card).toContain('failures');
  });

  it('matches whole commands only: a sentence that contains one gets help, not the command', async () => {
    const card = await reply('what is the status of my store?');
    expect(card).toContain('I did not understand \\"what is the status of my store?\\"');
    expect(card).not.toContain('Sync status');
  });

  it('status answers with a health block for each team the manager looks after', async () => {
    const card = await reply('Status');
    expect(card).toContain('Sync status');
    expect(card).toContain('Open failures');
    expect(card).toContain('wfm-team-contoso-store'); // the WFM has no name for this test team
    expect(card).toContain('not yet'); // never synced
  });

  it('failures answers with the open failures (none here)', async () => {
    expect(await reply('failures')).toContain('No open sync failures');
  });
});
