import type { AppConfig } from '../connector/config/index.ts';
import { BOT_FRAMEWORK_KEYS_URL } from './auth.ts';
import type { TabLinks } from './cards/index.ts';
import type { NoiseControl } from './alerts/dispatch.ts';
import type { RetryPolicy } from '../connector/retry/index.ts';
import { BOT_RETRY_POLICY } from './retry.ts';

/** The slice of configuration the bot needs. */
export interface BotConfig {
  botId: string | undefined;
  botPassword: string | undefined;
  tenantId: string | undefined;
  /** Where channel tokens' signing keys are published. */
  keysUrl: string;
  /** No bot credentials: anonymous Bot Framework traffic, accepted from loopback only. */
  anonymous: boolean;
  links: TabLinks;
  noise: NoiseControl;
  retry: RetryPolicy;
  /** How often the outbox is polled when no `notify()` arrives (ms). */
  pollIntervalMs: number;
  /** Org-catalog app id to install for managers through Graph; unset: managers install it. */
  autoInstallAppId: string | undefined;
}

/** `entityId` of the personal tab in the app manifest (`staticTabs[].entityId`). */
export const PERSONAL_TAB_ENTITY_ID = 'syncStatus';

/** Deep link into the personal tab, falling back to the web page when no Teams app id is known. */
export function tabLinks(publicUrl: string, teamsAppId: string | undefined): TabLinks {
  const webUrl = `${publicUrl}/tab/`;
  if (!teamsAppId) return { deepLink: webUrl, webUrl };
  const query = new URLSearchParams({ webUrl, label: 'Sync status' });
  return {
    deepLink: `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${PERSONAL_TAB_ENTITY_ID}?${query.toString()}`,
    webUrl,
  };
}

export function botConfigFrom(config: AppConfig): BotConfig {
  return {
    botId: config.bot.id,
    botPassword: config.bot.password,
    tenantId: config.tenantId,
    keysUrl: config.bot.keysUrl ?? BOT_FRAMEWORK_KEYS_URL,
    anonymous: config.bot.id === undefined,
    links: tabLinks(config.server.publicUrl, config.bot.teamsAppId),
    noise: { digestThreshold: config.bot.digestThreshold, windowSeconds: config.bot.digestWindowSeconds },
    retry: BOT_RETRY_POLICY,
    pollIntervalMs: 2000,
    autoInstallAppId: config.bot.autoInstallAppId,
  };
}
