import { effectiveModes, type TeamMapping } from '../../../connector/mappings/index.ts';
import { failure, InTestSyncService } from './sync.ts';
import { inTestWfm } from './wfm.ts';
import type { SeedDecision } from './server.ts';

/** Two teams: manager-1 manages Contoso Bakery, manager-2 owns Fabrikam Depot. */
export const TEAMS: TeamMapping[] = [
  { teamId: 'team-a', wfmTeamId: 'wfm-a', timeZone: 'Europe/London', ownerUserId: null, managerUserIds: ['manager-1'], enabled: true },
  { teamId: 'team-b', wfmTeamId: 'wfm-b', timeZone: 'America/New_York', ownerUserId: 'manager-2', managerUserIds: [], enabled: true },
];

export function fixtures() {
  const sync = new InTestSyncService();
  sync.statuses = [
    {
      teamId: 'team-a', teamName: 'Contoso Bakery', timeZone: 'Europe/London', health: 'degraded',
      healthReason: '2 entities failed to sync', lastSyncAt: '2026-11-21T09:00:00.000Z', nextSyncAt: '2026-11-21T09:10:00.000Z',
      entitiesSynced: { shift: 40, timeOff: 3 }, openFailures: 2, rejectedLast24h: 1,
      syncModes: effectiveModes({ mode: 'two-way', oneWayAllowed: [] }, { swapRequests: 'off', shifts: 'one-way' }),
      freshness: { p50Seconds: 1.2, p95Seconds: 3.4, samples: 12, oldestUnsyncedAt: null },
    },
    {
      teamId: 'team-b', teamName: 'Fabrikam Depot', timeZone: 'America/New_York', health: 'healthy',
      healthReason: null, lastSyncAt: '2026-11-21T09:00:00.000Z', nextSyncAt: '2026-11-21T09:10:00.000Z',
      entitiesSynced: { shift: 12 }, openFailures: 0, rejectedLast24h: 0,
      freshness: { p50Seconds: null, p95Seconds: null, samples: 0, oldestUnsyncedAt: null },
    },
  ];
  sync.failures = [
    failure({ id: 'f1', teamId: 'team-a', entityType: 'shift', errorCode: 'GRAPH_503' }),
    failure({ id: 'f2', teamId: 'team-a', entityType: 'timeOff', errorCode: 'GRAPH_404', errorMessage: 'Time-off reason is missing in Shifts.' }),
    failure({ id: 'f3', teamId: 'team-b', entityType: 'shift' }),
  ];
  const wfm = inTestWfm({
    teams: [
      { id: 'wfm-a', name: 'Contoso Bakery', timeZone: 'Europe/London' },
      { id: 'wfm-b', name: 'Fabrikam Depot', timeZone: 'America/New_York' },
    ],
    employees: [
      { id: 'e1', teamIds: ['wfm-a'], displayName: 'Avery Baker', email: null, jobIds: [], employmentType: 'full_time', hireDate: '2020-01-01' },
      { id: 'e2', teamIds: ['wfm-a'], displayName: 'Ben Seasonal', email: null, jobIds: [], employmentType: 'seasonal', hireDate: '2026-10-01' },
      { id: 'e3', teamIds: ['wfm-b'], displayName: 'Cleo Driver', email: null, jobIds: [], employmentType: 'full_time', hireDate: '2019-01-01' },
    ],
    reasons: [
      { id: 'r-vac', name: 'Vacation', iconType: 'plane', paid: true, active: true },
      { id: 'r-sick', name: 'Sick', iconType: 'firstAid', paid: true, active: true },
    ],
    ineligible: { e2: { 'r-vac': ['REASON_NOT_ELIGIBLE', 'Vacation is available after 90 days of employment.'] } },
  });
  // Rejected changes as the webhook records them (its real audit table), seeded by the server helper.
  const decisions: SeedDecision[] = [
    {
      teamId: 'team-a', entityType: 'shift', entityId: 'SHFT_1', operation: 'create', actingUserId: 'manager-1',
      ruleCode: 'MAX_WEEKLY_HOURS', message: 'This would put Avery over 48 hours this week.',
    },
    {
      teamId: 'team-b', entityType: 'timeOffRequest', entityId: 'TOR_1', operation: 'create', actingUserId: 'someone',
      ruleCode: 'BALANCE_EXCEEDED', message: 'Not enough vacation balance.',
    },
  ];
  const users = [{ userId: 'manager-1', wfmEmployeeId: 'e-m1', displayName: 'Test Manager' }];
  return { sync, wfm, decisions, users, teams: TEAMS };
}
