import type { TabLinks } from './alert.ts';
import { adaptiveCard, facts, heading, openUrl, text, type AdaptiveCard } from './elements.ts';

/** The `help` command's answer, also sent for anything the bot does not understand. */
export function helpCard(links: TabLinks, unknown?: string): AdaptiveCard {
  return adaptiveCard({
    body: [
      heading('What I can do'),
      ...(unknown ? [text(`I did not understand "${unknown}".`, { isSubtle: true, spacing: 'small' })] : []),
      facts(
        [
          ['status', 'health of each of your teams: last sync, open failures, rejected changes'],
          ['failures', 'open sync failures, each with a Retry button'],
          ['help', 'this list'],
        ],
        'medium',
      ),
      text('I also message you on my own when a change is rejected or a sync fails.', { spacing: 'medium', isSubtle: true }),
    ],
    actions: [openUrl('Open sync status', links.deepLink)],
    fallbackText: 'Commands: status, failures, help',
  });
}
