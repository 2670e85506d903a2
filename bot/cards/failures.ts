import type { SyncFailure } from '../../connector/sync/service.ts';
import type { TabLinks, TeamLabel } from './alert.ts';
import {
  actionSet,
  adaptiveCard,
  container,
  execute,
  facts,
  heading,
  openUrl,
  text,
  type AdaptiveCard,
  type CardElement,
} from './elements.ts';
import { entityLabel, formatInstant } from './format.ts';

export const FAILURE_VERBS = { retry: 'failure.retry', handled: 'failure.handled', list: 'failure.list' } as const;

/** How many failures one card lists; the tab shows the rest. */
export const FAILURES_SHOWN = 10;

/** The `failures` command: open failures with a Retry button each, and the last action's result. */
export function failuresCard(
  failures: SyncFailure[],
  teams: Map<string, TeamLabel>,
  links: TabLinks,
  notice?: string,
): AdaptiveCard {
  const body: CardElement[] = [heading(failures.length === 0 ? 'No open sync failures' : `${failures.length} open sync failure(s)`)];
  if (notice) body.push(text(notice, { color: 'accent', spacing: 'small' }));
  if (failures.length === 0) body.push(text('Everything your teams sync is up to date.', { isSubtle: true }));
  for (const f of failures.slice(0, FAILURES_SHOWN)) {
    const team = teams.get(f.teamId) ?? { name: f.teamId, timeZone: 'UTC' };
    body.push(
      container(
        [
          text(`${entityLabel(f.entityType)} ${f.wfmId ?? f.shiftsId ?? ''} · ${f.errorMessage} (${f.errorCode})`, {
            weight: 'bolder',
          }),
          facts([
            ['Team', team.name],
            ['Attempts', String(f.attempts)],
            ['Last seen', `${formatInstant(f.lastSeenAt, team.timeZone)} (${team.timeZone})`],
          ]),
          actionSet([
            execute('Retry', FAILURE_VERBS.retry, { failureId: f.id }, 'positive'),
            execute('Mark as handled', FAILURE_VERBS.handled, { failureId: f.id }),
          ]),
        ],
        { separator: true, spacing: 'medium' },
      ),
    );
  }
  if (failures.length > FAILURES_SHOWN) {
    body.push(text(`and ${failures.length - FAILURES_SHOWN} more in the sync status tab`, { isSubtle: true }));
  }
  return adaptiveCard({
    body,
    actions: [execute('Refresh', FAILURE_VERBS.list, {}), openUrl('Open sync status', links.deepLink)],
    fallbackText: `${failures.length} open sync failure(s)`,
  });
}
