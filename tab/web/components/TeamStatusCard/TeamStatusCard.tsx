import { Badge, Card, CardHeader, Text } from '@fluentui/react-components';
import type { KindMode, TeamStatus } from '../../../api/contracts/status.ts';
import { describeLag } from '../../../../connector/sync/freshness-text.ts';
import { inZone, relative } from '../../format/time.ts';
import { OutcomeChart } from '../OutcomeChart/OutcomeChart.tsx';
import { SyncNowButton } from '../SyncNowButton/SyncNowButton.tsx';
import { useTeamStatusCardStyles } from './TeamStatusCard.styles.ts';

const HEALTH = {
  healthy: { color: 'success', label: 'Healthy' },
  degraded: { color: 'warning', label: 'Degraded' },
  failing: { color: 'danger', label: 'Failing' },
} as const;

/** What each entity kind is called for a manager. */
const KIND_LABEL: Record<KindMode['kind'], string> = {
  shifts: 'Shifts',
  openShifts: 'Open shifts',
  timeOff: 'Time off',
  timeOffRequests: 'Time-off requests',
  swapRequests: 'Swap requests',
  offerShiftRequests: 'Offer requests',
  openShiftRequests: 'Open-shift requests',
  availability: 'Availability',
};
const MODE_LABEL: Record<KindMode['mode'], string> = { off: 'off', 'one-way': 'from the WFM only', 'two-way': 'both ways' };

function When({ iso, zone, never, now }: { iso: string | null; zone: string; never: string; now: Date }) {
  const s = useTeamStatusCardStyles();
  if (!iso) return <>{never}</>;
  return (
    <>
      <time dateTime={iso}>{inZone(iso, zone)}</time>
      <span className={s.sub}>{relative(iso, now)}</span>
    </>
  );
}

/** How fast WFM changes reach Shifts, and the oldest one still waiting, in the team's local time. */
function Freshness({ team, now }: { team: TeamStatus; now: Date }) {
  const s = useTeamStatusCardStyles();
  const oldest = team.freshness.oldestUnsyncedAt;
  return (
    <div role="group" className={s.freshness} aria-label="Freshness">
      <Text as="p" className={s.freshnessLine}>
        {describeLag(team.freshness)}.
      </Text>
      <Text as="p" className={s.freshnessLine}>
        {oldest ? (
          <>
            Oldest change waiting since <time dateTime={oldest}>{inZone(oldest, team.timeZone)}</time> ({relative(oldest, now)}).
          </>
        ) : (
          'No change is waiting.'
        )}
      </Text>
    </div>
  );
}

/** One team's sync health: why, when, how much, and a button to sync now. */
export function TeamStatusCard({ team, now = new Date(), onSynced }: { team: TeamStatus; now?: Date; onSynced?: () => void }) {
  const s = useTeamStatusCardStyles();
  const health = HEALTH[team.health];
  const entities = Object.entries(team.entitiesSynced);
  const totalEntities = entities.reduce((n, [, v]) => n + v, 0);
  const headingId = `team-${team.teamId}-name`;
  return (
    <Card className={s.card} aria-labelledby={headingId} role="region">
      <CardHeader
        header={
          <div className={s.header}>
            <Text as="h2" id={headingId} weight="semibold" size={500}>
              {team.teamName}
            </Text>
            <Badge appearance="filled" color={health.color} aria-label={`Health: ${health.label}`}>
              {health.label}
            </Badge>
          </div>
        }
        description={<Text className={s.reason}>{team.healthReason ?? 'Everything is in sync.'}</Text>}
      />
      <dl className={s.grid}>
        <div>
          <dt className={s.term}>Last sync ({team.timeZone})</dt>
          <dd className={s.value}>
            <When iso={team.lastSyncAt} zone={team.timeZone} never="Never" now={now} />
          </dd>
        </div>
        <div>
          <dt className={s.term}>Next sync</dt>
          <dd className={s.value}>
            <When iso={team.nextSyncAt} zone={team.timeZone} never="Not scheduled" now={now} />
          </dd>
        </div>
        <div>
          <dt className={s.term}>Entities synced</dt>
          <dd className={s.value}>
            {totalEntities}
            <span className={s.sub}>{entities.map(([k, v]) => `${v} ${k}`).join(', ') || 'none yet'}</span>
          </dd>
        </div>
        <div>
          <dt className={s.term}>Open failures</dt>
          <dd className={s.value}>{team.openFailures}</dd>
        </div>
        <div>
          <dt className={s.term}>Rejected (24 h)</dt>
          <dd className={s.value}>{team.rejectedLast24h}</dd>
        </div>
        {team.syncModes.length > 0 ? (
          <div>
            <dt className={s.term}>Sync modes</dt>
            <dd className={s.value}>
              <ul className={s.modes} aria-label="Sync modes">
                {team.syncModes.map((m) => (
                  <li key={m.kind}>
                    {KIND_LABEL[m.kind]}: {MODE_LABEL[m.mode]}
                    {m.source === 'team' ? ' (team setting)' : ''}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
      <Freshness team={team} now={now} />
      <div className={s.footer}>
        <OutcomeChart days={team.outcomes7d} />
        <SyncNowButton teamId={team.teamId} teamName={team.teamName} {...(onSynced ? { onFinished: onSynced } : {})} />
      </div>
    </Card>
  );
}
