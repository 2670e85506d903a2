import { statusResponseSchema } from '../../../api/contracts/status.ts';
import { useResource } from '../../api/context.tsx';
import { EmptyState, ErrorState, LoadingState } from '../States/States.tsx';
import { TeamStatusCard } from '../TeamStatusCard/TeamStatusCard.tsx';
import { useStatusViewStyles } from './StatusView.styles.ts';

/** Sync status of every team the signed-in manager owns. */
export function StatusView() {
  const s = useStatusViewStyles();
  const status = useResource((api) => api.get('/api/tab/status', statusResponseSchema), 'status');
  if (status.error) return <ErrorState error={status.error} onRetry={status.reload} />;
  if (!status.data) return <LoadingState label="Loading sync status…" />;
  if (status.data.teams.length === 0) {
    return (
      <EmptyState title="No teams to show">
        You are not listed as a manager or owner of any team the connector syncs. An admin adds you to a team mapping.
      </EmptyState>
    );
  }
  return (
    <div className={s.list}>
      {status.data.teams.map((t) => (
        <TeamStatusCard key={t.teamId} team={t} onSynced={status.reload} />
      ))}
    </div>
  );
}
