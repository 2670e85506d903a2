/**
 * Installs the app for a manager through Microsoft Graph, so alerts reach managers who never
 * opened it (`POST /users/{id}/teamwork/installedApps`, application permission
 * `TeamsAppInstallation.ReadWriteSelfForUser.All`). Teams then sends the bot an
 * `installationUpdate`, and the alerts waiting for that manager go out. Only apps in the
 * organisation's catalog can be installed this way.
 */
import type { GraphClient } from '../../connector/graph/index.ts';
import type { Queryable } from '../../connector/store/index.ts';

export type InstallOutcome = 'installed' | 'already_installed' | 'failed';

export interface InstallResult {
  outcome: InstallOutcome;
  detail: string | null;
}

/** Asks Graph to install the app for one user. */
export type AppInstaller = (userId: string) => Promise<InstallResult>;

/** `catalogAppId` is the app's id in the org app catalog (`appCatalogs/teamsApps/{id}`). */
export function graphAppInstaller(graph: GraphClient, catalogAppId: string): AppInstaller {
  return async (userId) => {
    const res = await graph.request({
      method: 'POST',
      path: `/users/${encodeURIComponent(userId)}/teamwork/installedApps`,
      body: { 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${encodeURIComponent(catalogAppId)}` },
      teamId: null,
    });
    if (res.ok) return { outcome: 'installed', detail: null };
    if (res.error.status === 409) return { outcome: 'already_installed', detail: res.error.message };
    return { outcome: 'failed', detail: `${res.error.code}: ${res.error.message}` };
  };
}

/** How long before a manager is asked for again after a request. */
const REQUEST_EVERY = '1 day';

/**
 * Requests an install unless one was requested for this user within a day. Returns the outcome,
 * or undefined when a recent request already stands.
 */
export async function requestInstallOnce(
  db: Queryable,
  installer: AppInstaller,
  userId: string,
): Promise<InstallResult | undefined> {
  const claimed = await db.query(
    `INSERT INTO bot_install_requests (user_id, outcome) VALUES ($1, 'failed')
     ON CONFLICT (user_id) DO UPDATE SET requested_at = now(), outcome = 'failed', detail = NULL
       WHERE bot_install_requests.requested_at < now() - $2::interval
     RETURNING user_id`,
    [userId, REQUEST_EVERY],
  );
  if (claimed.length === 0) return undefined;
  let result: InstallResult;
  try {
    result = await installer(userId);
  } catch (err) {
    result = { outcome: 'failed', detail: (err as Error).message };
  }
  await db.query(`UPDATE bot_install_requests SET outcome = $2, detail = $3 WHERE user_id = $1`, [
    userId,
    result.outcome,
    result.detail,
  ]);
  return result;
}
