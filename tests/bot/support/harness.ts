/**
 * Boots the real app with a Bot Connector stand-in, maps a team with its managers, and emits
 * alert events through the outbox exactly as the webhook and the sync engine do.
 */
import { createAlertOutbox, type AlertEvent } from '../../../connector/alerts/index.ts';
import { upsertTeamMapping } from '../../../connector/mappings/index.ts';
import { startTestApp, type StartOptions, type TestApp } from '../../support/app.ts';
import type { ConnectorStandIn } from './connector.ts';
import { installationUpdate, post, type Manager } from './teams.ts';

export const TEAM = 'team-contoso-store';

export const rejectedShift = (n = 1, over: Partial<Extract<AlertEvent, { kind: 'change_rejected' }>> = {}): AlertEvent => ({
  kind: 'change_rejected',
  teamId: TEAM,
  decisionId: `dec-${n}`,
  entityType: 'shift',
  entityId: `SHFT_${n}`,
  operation: 'update',
  actingUserId: null,
  ruleCode: 'OVERLAP',
  message: 'overlaps her 14:00-18:00 shift',
  subject: { employeeName: 'Adele Vance', start: '2021-10-12T14:00:00Z', end: '2021-10-12T16:00:00Z' },
  occurredAt: '2021-10-12T13:02:00Z',
  ...over,
});

export interface BotHarness {
  t: TestApp;
  emit(...events: AlertEvent[]): Promise<void>;
  mapTeam(managers: Manager[], teamId?: string): Promise<void>;
  install(m: Manager): Promise<void>;
  /** Cards of alerts and digests (not welcome/help), in arrival order. */
  alertPosts(): ConnectorStandIn['activities'];
  /** Forgets every alert, delivery, conversation and mapping, and what the stand-in captured. */
  reset(): Promise<void>;
}

export async function startBotHarness(connector: ConnectorStandIn, options: StartOptions = {}): Promise<BotHarness> {
  const t = await startTestApp(options);
  const outbox = createAlertOutbox();
  return {
    t,
    async emit(...events) {
      await t.app.store.transaction(async (tx) => {
        for (const e of events) await outbox.emit(tx, e);
      });
    },
    async mapTeam(managers, teamId = TEAM) {
      const r = await upsertTeamMapping(t.app.store, {
        teamId,
        wfmTeamId: `wfm-${teamId}`,
        timeZone: 'Europe/London',
        ownerUserId: null,
        managerUserIds: managers.map((m) => m.aadObjectId),
        enabled: true,
      });
      if (!r.ok) throw new Error(r.error.message);
    },
    async install(m) {
      const before = connector.activities.length;
      const res = await post(t.url, installationUpdate(m, connector.url));
      if (res.status !== 200) throw new Error(`install answered ${res.status}`);
      await connector.waitFor((all) => all.length > before); // the welcome card
    },
    async reset() {
      await t.app.store.exec(
        `TRUNCATE bot_deliveries, bot_alerts, bot_digests, bot_conversations, bot_state, alert_events, map_teams RESTART IDENTITY`,
      );
      connector.reset();
    },
    alertPosts: () =>
      connector.activities.filter((a) => a.method === 'POST' && /"(alert|digest)\.refresh"/.test(JSON.stringify(connector.cardOf(a)))),
  };
}
