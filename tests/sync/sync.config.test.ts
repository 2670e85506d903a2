import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../connector/config/index.ts';
import { testConfig } from '../support/env.ts';

describe('sync configuration', () => {
  it('defaults to Graph\'s documented limits and automatic sync', () => {
    const c = testConfig();
    expect(c.sync).toMatchObject({
      intervalMinutes: 10,
      windowDays: 14,
      drafts: false,
      notifyTeam: true,
      removeUnmanaged: true,
      automatic: true,
      reconcileCron: '15 3 * * *',
      concurrency: 4,
      maxRetries: 5,
      leaseSeconds: 120,
      limits: { perTeam: 4, tenantWrites: 30, tenantDeletes: 15, tenantReads: 30 },
    });
  });

  it('reads every variable', () => {
    const c = testConfig({
      SYNC_DRAFTS: 'true',
      SYNC_NOTIFY_TEAM: 'false',
      SYNC_REMOVE_UNMANAGED: 'false',
      SYNC_AUTOMATIC: 'false',
      SYNC_RECONCILE_CRON: '0 2 * * 1',
      SYNC_CONCURRENCY: '8',
      SYNC_MAX_RETRIES: '0',
      SYNC_LEASE_SECONDS: '30',
      GRAPH_TEAM_RPS: '2',
      GRAPH_TENANT_WRITES_PER_SECOND: '10',
      GRAPH_TENANT_DELETES_PER_SECOND: '5',
      GRAPH_TENANT_READS_PER_SECOND: '20',
    });
    expect(c.sync).toMatchObject({
      drafts: true,
      notifyTeam: false,
      removeUnmanaged: false,
      automatic: false,
      reconcileCron: '0 2 * * 1',
      concurrency: 8,
      maxRetries: 0,
      leaseSeconds: 30,
      limits: { perTeam: 2, tenantWrites: 10, tenantDeletes: 5, tenantReads: 20 },
    });
  });

  it('lists every bad value at once', () => {
    let problems: string[] = [];
    try {
      testConfig({ SYNC_DRAFTS: 'yes', GRAPH_TEAM_RPS: '0', SYNC_RECONCILE_CRON: 'nightly' });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      problems = (e as ConfigError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        'SYNC_DRAFTS: must be one of true, false',
        'GRAPH_TEAM_RPS: must be a whole number from 1 to 1000',
        'SYNC_RECONCILE_CRON: must be a cron expression with 5 fields, e.g. "15 3 * * *"',
      ]),
    );
  });
});
