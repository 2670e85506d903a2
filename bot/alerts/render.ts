import type { Queryable } from '../../connector/store/index.ts';
import { alertCard, digestCard, type AdaptiveCard, type TabLinks } from '../cards/index.ts';
import type { TeamDirectory } from './directory.ts';
import { getAlert, getDigest, type DeliveryTarget } from './repository.ts';

/** The current card for an alert or digest, as one viewer sees it, with the revision it shows. */
export async function renderTarget(
  db: Queryable,
  directory: TeamDirectory,
  links: TabLinks,
  target: DeliveryTarget,
  targetId: number,
  viewerMri?: string,
): Promise<{ card: AdaptiveCard; revision: number } | undefined> {
  if (target === 'alert') {
    const alert = await getAlert(db, targetId);
    if (!alert) return undefined;
    return { card: alertCard(alert, await directory.label(alert.teamId), links, viewerMri), revision: alert.revision };
  }
  const digest = await getDigest(db, targetId);
  if (!digest) return undefined;
  return { card: digestCard(digest, await directory.label(digest.teamId), links, viewerMri), revision: digest.revision };
}
