import { alertSummary, type AlertView, type TabLinks, type TeamLabel } from './alert.ts';
import { adaptiveCard, container, execute, facts, heading, openUrl, text, type AdaptiveCard } from './elements.ts';
import { formatInstant } from './format.ts';

/** A burst of alerts for one team, summarised on one card that is edited as more arrive. */
export interface DigestView {
  id: number;
  startedAt: string;
  lastAlertAt: string;
  /** Every alert of the burst, newest first. */
  alerts: AlertView[];
}

export const DIGEST_VERBS = { refresh: 'digest.refresh' } as const;

/** How many alert lines the digest lists before "and N more". */
export const DIGEST_LINES = 8;

export function digestCard(view: DigestView, team: TeamLabel, links: TabLinks, viewerMri?: string): AdaptiveCard {
  const total = view.alerts.length;
  const rejected = view.alerts.filter((a) => a.event.kind === 'change_rejected').length;
  const failures = total - rejected;
  const open = view.alerts.filter((a) => a.state === 'open').length;
  const title = `${total} alerts for ${team.name} since ${formatInstant(view.startedAt, team.timeZone)}`;
  const lines = view.alerts.slice(0, DIGEST_LINES).map((a) =>
    text(`${a.state === 'open' ? '•' : '✓'} ${alertSummary(a.event, team.timeZone)}`, { spacing: 'small' }),
  );
  if (total > DIGEST_LINES) {
    lines.push(text(`and ${total - DIGEST_LINES} more in the sync status tab`, { isSubtle: true, spacing: 'small' }));
  }
  return adaptiveCard({
    body: [
      container(
        [
          heading(title, 'attention'),
          text('Many alerts arrived at once, so they are grouped here. This card updates as more arrive.', {
            isSubtle: true,
            spacing: 'small',
          }),
        ],
        { style: 'attention', bleed: true },
      ),
      facts(
        [
          ['Rejected changes', String(rejected)],
          ['Sync failures', String(failures)],
          ['Still open', String(open)],
          ['Latest', `${formatInstant(view.lastAlertAt, team.timeZone)} (${team.timeZone})`],
        ],
        'medium',
      ),
      container(lines, { separator: true, spacing: 'medium' }),
    ],
    actions: [openUrl('Open sync status', links.deepLink)],
    refresh: {
      action: execute('Refresh', DIGEST_VERBS.refresh, { digestId: view.id }),
      ...(viewerMri ? { userIds: [viewerMri] } : {}),
    },
    fallbackText: title,
  });
}
