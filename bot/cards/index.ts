/** The bot's Adaptive Cards (1.5), built with typed builders. */
export { alertCard, alertSummary, ALERT_VERBS, type AlertView, type TabLinks, type TeamLabel } from './alert.ts';
export { digestCard, DIGEST_VERBS, DIGEST_LINES, type DigestView } from './digest.ts';
export { failuresCard, FAILURE_VERBS, FAILURES_SHOWN } from './failures.ts';
export { helpCard } from './help.ts';
export { statusCard } from './status.ts';
export { welcomeCard } from './welcome.ts';
export type { AdaptiveCard } from './elements.ts';
export { formatInstant, formatRange, entityLabel } from './format.ts';
