import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertOutbox } from '../../connector/alerts/index.ts';
import { openStore } from '../../connector/store/index.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connector.ts';
import { rejectedShift, startBotHarness } from './support/harness.ts';
import { manager } from './support/teams.ts';

describe('durable delivery across a restart', () => {
  let connector: ConnectorStandIn;
  let dir: string;
  const alice = manager(1, 'Alice Manager');

  beforeAll(async () => {
    connector = await startConnectorStandIn();
    dir = mkdtempSync(join(tmpdir(), 'bot-restart-'));
  });
  afterAll(async () => {
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no alert: one mid-retry when the app stops and one emitted while it is down both arrive once', async () => {
    const first = await startBotHarness(connector, { env: { DATA_DIR: dir } });
    await first.mapTeam([alice]);
    await first.install(alice);
    connector.failNext(...Array.from({ length: 200 }, () => ({ status: 503 })));
    await first.emit(rejectedShift(1));
    // Wait until the delivery has failed at least once, then stop in the middle of its retries.
    for (let i = 0; i < 200; i++) {
      const rows = await first.t.app.store.query<{ attempts: number }>(`SELECT attempts FROM bot_deliveries`);
      if ((rows[0]?.attempts ?? 0) >= 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await first.t.close();
    expect(first.alertPosts()).toHaveLength(0);

    // The webhook of another instance records a rejection while this one is down.
    const store = await openStore({ dataDir: dir });
    await store.transaction((tx) => createAlertOutbox().emit(tx, rejectedShift(2, { subject: { employeeName: 'Lee Gu', start: null, end: null } })));
    await store.close();

    connector.reset();
    const second = await startBotHarness(connector, { env: { DATA_DIR: dir } });
    try {
      await connector.waitFor(() => second.alertPosts().length === 2, 60_000);
      await new Promise((r) => setTimeout(r, 1000));
      const texts = second.alertPosts().map((a) => JSON.stringify(connector.cardOf(a)));
      expect(texts.filter((t) => t.includes('Adele Vance'))).toHaveLength(1);
      expect(texts.filter((t) => t.includes('Lee Gu'))).toHaveLength(1);
      // The install survived too: nobody had to reinstall, and no second welcome was sent.
      expect(connector.activities.filter((a) => JSON.stringify(connector.cardOf(a)).includes('Shifts connector alerts'))).toHaveLength(0);
    } finally {
      await second.t.close();
    }
  }, 120_000);
});
