import type { TeamSyncStatus } from '../../connector/sync/service.ts';
import type { TabLinks } from './alert.ts';
import {
  adaptiveCard,
  column,
  columns,
  container,
  facts,
  heading,
  openUrl,
  text,
  type AdaptiveCard,
  type CardElement,
  type TextColor,
} from './elements.ts';
import { entityLabel, formatInstant } from './format.ts';

const HEALTH: Record<TeamSyncStatus['health'], { label: string; color: TextColor }> = {
  healthy: { label: 'Healthy', color: 'good' },
  degraded: { label: 'Degraded', color: 'warning' },
  failing: { label: 'Failing', color: 'attention' },
};

/** The `status` command: one block per team the manager looks after, times in each team's zone. */
export function statusCard(teams: TeamSyncStatus[], links: TabLinks, notice?: string): AdaptiveCard {
  const body: CardElement[] = [heading('Sync status')];
  if (notice) body.push(text(notice, { color: 'warning' }));
  else if (teams.length === 0) {
    body.push(text('You are not a manager of any synced team yet. An administrator maps teams to the WFM.'));
  }
  for (const t of teams) {
    const health = HEALTH[t.health];
    const synced = Object.entries(t.entitiesSynced)
      .filter(([, n]) => n > 0)
      .map(([type, n]) => `${entityLabel(type)}: ${n}`)
      .join(' · ');
    const items: CardElement[] = [
      columns([
        column([text(t.teamName, { weight: 'bolder' })]),
        column([text(health.label, { color: health.color, weight: 'bolder' })], 'auto'),
      ]),
    ];
    if (t.healthReason) items.push(text(t.healthReason, { isSubtle: true, spacing: 'none' }));
    items.push(
      facts([
        ['Last sync', t.lastSyncAt ? `${formatInstant(t.lastSyncAt, t.timeZone)} (${t.timeZone})` : 'not yet'],
        ['Next sync', t.nextSyncAt ? formatInstant(t.nextSyncAt, t.timeZone) : 'not scheduled'],
        ['Open failures', String(t.openFailures)],
        ['Rejected (24 h)', String(t.rejectedLast24h)],
        ['In sync', synced || 'nothing yet'],
      ]),
    );
    body.push(container(items, { separator: true, spacing: 'medium' }));
  }
  return adaptiveCard({
    body,
    actions: [openUrl('Open sync status', links.deepLink)],
    fallbackText: `Sync status of ${teams.length} team(s)`,
  });
}
