import type { TabLinks } from './alert.ts';
import { adaptiveCard, container, facts, heading, md, openUrl, text, type AdaptiveCard } from './elements.ts';

/** Sent once when a manager installs the app: what the bot will tell them, and where to look. */
export function welcomeCard(links: TabLinks): AdaptiveCard {
  return adaptiveCard({
    body: [
      container([heading('Shifts connector alerts'), text('I tell you when a schedule change needs your attention.', { spacing: 'small' })], {
        style: 'emphasis',
        bleed: true,
      }),
      text('You will get a card here when:', { spacing: 'medium' }),
      facts([
        ['Rejected', 'the workforce-management system rejects a change made in Shifts for one of your teams'],
        ['Sync failure', 'a schedule change cannot be synced between the WFM and Shifts'],
      ]),
      text(md`Each card has Retry and Mark as handled buttons. Type **status**, **failures** or **help** at any time.`, {
        spacing: 'medium',
      }),
    ],
    actions: [openUrl('Open sync status', links.deepLink), openUrl('Open in a browser', links.webUrl)],
    fallbackText: 'Shifts connector alerts: I tell you when a schedule change needs your attention.',
  });
}
