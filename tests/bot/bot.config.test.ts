import { describe, expect, it } from 'vitest';
import { botConfigFrom } from '../../bot/config.ts';
import { ConfigError } from '../../connector/config/index.ts';
import { testConfig } from '../support/env.ts';

describe('bot configuration', () => {
  it('defaults to a digest after more than 5 alerts in 2 minutes, anonymous without BOT_ID', () => {
    const c = botConfigFrom(testConfig());
    expect(c.noise).toEqual({ digestThreshold: 5, windowSeconds: 120 });
    expect(c.anonymous).toBe(true);
    // No Teams app id: "Open sync status" opens the tab's web page.
    expect(c.links.deepLink).toBe(c.links.webUrl);
    expect(c.links.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tab\/$/);
  });

  it('takes the noise limits and the Teams app id from the environment', () => {
    const c = botConfigFrom(
      testConfig({
        BOT_ID: 'bot-id',
        BOT_PASSWORD: 'secret',
        TEAMS_APP_ID: 'app-id',
        BOT_DIGEST_THRESHOLD: '10',
        BOT_DIGEST_WINDOW_SECONDS: '300',
        PUBLIC_URL: 'https://shifts.contoso.example',
      }),
    );
    expect(c.noise).toEqual({ digestThreshold: 10, windowSeconds: 300 });
    expect(c.anonymous).toBe(false);
    expect(c.links.deepLink).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/entity\/app-id\/syncStatus\?/);
  });

  it('links with the bot id when no separate Teams app id is set', () => {
    const c = botConfigFrom(testConfig({ BOT_ID: 'bot-id', BOT_PASSWORD: 'secret' }));
    expect(c.links.deepLink).toContain('/l/entity/bot-id/');
  });

  it('lists every bad bot variable in one error', () => {
    let error: unknown;
    try {
      testConfig({ BOT_DIGEST_THRESHOLD: 'many', BOT_DIGEST_WINDOW_SECONDS: '1', BOT_ID: 'only-the-id' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('BOT_DIGEST_THRESHOLD: must be a whole number from 1 to 1000');
    expect(problems).toContain('BOT_DIGEST_WINDOW_SECONDS: must be a whole number from 10 to 86400');
  });
});
