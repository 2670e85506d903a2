import type { AlertEvent } from '../../connector/alerts/index.ts';
import type { AlertState } from '../lifecycle.ts';
import {
  adaptiveCard,
  container,
  execute,
  facts,
  heading,
  openUrl,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from './elements.ts';
import { entityLabel, formatInstant, formatRange } from './format.ts';

/** Where "Open sync status" leads: the Teams deep link to the personal tab, and its web address. */
export interface TabLinks {
  deepLink: string;
  webUrl: string;
}

export interface TeamLabel {
  name: string;
  timeZone: string;
}

/** What an alert card shows: the latest event for the entity and what has been done about it. */
export interface AlertView {
  id: number;
  state: AlertState;
  event: AlertEvent;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  /** The last action's result in plain words ("Retried: still failing ..."). */
  outcome: string | null;
}

/** Verbs of the alert card's `Action.Execute` actions. */
export const ALERT_VERBS = { retry: 'alert.retry', handled: 'alert.handled', refresh: 'alert.refresh' } as const;

/**
 * One line that says who, what and when, e.g. "Adele Vance · Shift Tue 12 Oct 15:00-17:00 ·
 * Rejected by the WFM: overlaps her 14:00-18:00 shift (OVERLAP)".
 */
export function alertSummary(event: AlertEvent, timeZone: string): string {
  const who = event.subject?.employeeName ?? null;
  const when = formatRange(event.subject?.start ?? null, event.subject?.end ?? null, timeZone);
  const what = when ? `${entityLabel(event.entityType)} ${when}` : entityLabel(event.entityType);
  const why =
    event.kind === 'change_rejected'
      ? `Rejected by the WFM: ${event.message} (${event.ruleCode})`
      : `Sync failed: ${event.errorMessage} (${event.errorCode})`;
  return [who, what, why].filter((s): s is string => !!s).join(' · ');
}

function headline(view: AlertView): { title: string; color: 'attention' | 'good' | 'default' } {
  if (view.state === 'resolved') return { title: 'Resolved', color: 'good' };
  if (view.state === 'handled') return { title: 'Handled', color: 'default' };
  return view.event.kind === 'change_rejected'
    ? { title: 'A Shifts change was rejected', color: 'attention' }
    : { title: 'A change could not be synced', color: 'attention' };
}

const OPERATION_WORD = { create: 'Add', update: 'Change', delete: 'Delete' } as const;

/** The card a manager gets for one alert; `viewerMri` keeps it current through `refresh`. */
export function alertCard(view: AlertView, team: TeamLabel, links: TabLinks, viewerMri?: string): AdaptiveCard {
  const { event } = view;
  const head = headline(view);
  const summary = alertSummary(event, team.timeZone);
  const rows: Array<[string, string]> = [['Team', team.name]];
  if (event.kind === 'change_rejected') {
    rows.push(['Attempted', `${OPERATION_WORD[event.operation]} ${entityLabel(event.entityType).toLowerCase()}`]);
    rows.push(['Rule', event.ruleCode]);
  } else {
    rows.push(['Operation', `${OPERATION_WORD[event.operation]} ${entityLabel(event.entityType).toLowerCase()}`]);
    rows.push(['Error', event.errorCode]);
    rows.push(['Attempts', String(event.attempts)]);
  }
  rows.push(['When', `${formatInstant(event.occurredAt, team.timeZone)} (${team.timeZone})`]);
  if (view.occurrences > 1) {
    rows.push(['Seen', `${view.occurrences} times since ${formatInstant(view.firstSeenAt, team.timeZone)}`]);
  }

  const body: CardElement[] = [
    container([heading(head.title, head.color), text(summary, { spacing: 'small' })], {
      style: view.state === 'open' ? 'attention' : view.state === 'resolved' ? 'good' : 'emphasis',
      bleed: true,
    }),
    facts(rows, 'medium'),
  ];
  if (view.outcome) body.push(text(view.outcome, { isSubtle: true, separator: true, spacing: 'medium' }));

  const actions: CardAction[] = [];
  if (view.state === 'open') {
    if (event.kind === 'sync_failure') {
      actions.push(execute('Retry', ALERT_VERBS.retry, { alertId: view.id }, 'positive'));
    }
    actions.push(execute('Mark as handled', ALERT_VERBS.handled, { alertId: view.id }));
  }
  actions.push(openUrl('Open sync status', links.deepLink));

  return adaptiveCard({
    body,
    actions,
    refresh: {
      action: execute('Refresh', ALERT_VERBS.refresh, { alertId: view.id }),
      ...(viewerMri ? { userIds: [viewerMri] } : {}),
    },
    fallbackText: `${head.title}: ${summary}`,
  });
}
