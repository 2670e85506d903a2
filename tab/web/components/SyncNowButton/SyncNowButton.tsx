import { Button, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import {
  FINAL_RUN_STATES,
  runPath,
  runResponseSchema,
  syncNowPath,
  syncNowResponseSchema,
  type RunResponse,
} from '../../../api/contracts/sync.ts';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/context.tsx';
import { useSyncNowButtonStyles } from './SyncNowButton.styles.ts';

/** How often a queued or running sync is polled. */
export const RUN_POLL_MS = 1000;

/** One line for the finished run: what was written, or why it failed. */
export function runSummary(run: RunResponse): string {
  const totals: Record<string, number> = {};
  for (const ops of Object.values(run.counts)) for (const [op, n] of Object.entries(ops)) totals[op] = (totals[op] ?? 0) + n;
  const parts = ['created', 'updated', 'deleted', 'unchanged', 'failed']
    .filter((op) => (totals[op] ?? 0) > 0)
    .map((op) => `${totals[op]} ${op}`);
  const counts = parts.length > 0 ? parts.join(', ') : 'nothing to change';
  if (run.state === 'failed') return `Sync failed: ${run.error ?? 'unknown error'}`;
  if (run.state === 'partial') return `Sync finished with failures: ${counts}.`;
  return `Sync finished: ${counts}.`;
}

/** Queues a sync of one team, follows the run until it ends and shows the result. */
export function SyncNowButton({ teamId, teamName, onFinished }: { teamId: string; teamName: string; onFinished?: () => void }) {
  const s = useSyncNowButtonStyles();
  const api = useApi();
  const [run, setRun] = useState<RunResponse>();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string>();
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const follow = async (runId: string) => {
    for (;;) {
      const current = await api.get(runPath(runId), runResponseSchema);
      if (!alive.current) return;
      setRun(current);
      if (FINAL_RUN_STATES.includes(current.state)) {
        onFinished?.();
        return;
      }
      await new Promise((r) => setTimeout(r, RUN_POLL_MS));
    }
  };

  const start = async () => {
    setStarting(true);
    setError(undefined);
    setRun(undefined);
    try {
      const { runId } = await api.post(syncNowPath(teamId), syncNowResponseSchema);
      await follow(runId);
    } catch (e) {
      if (alive.current) setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      if (alive.current) setStarting(false);
    }
  };

  const inProgress = starting || (run !== undefined && !FINAL_RUN_STATES.includes(run.state));
  return (
    <div className={s.root}>
      <Button icon={<ArrowSyncRegular />} onClick={() => void start()} disabled={inProgress} aria-label={`Sync ${teamName} now`}>
        Sync now
      </Button>
      <div aria-live="polite">
        {inProgress && (
          <div className={s.progress}>
            <Spinner size="tiny" />
            {run?.state === 'running' ? 'Syncing…' : 'Queued…'}
          </div>
        )}
        {run && FINAL_RUN_STATES.includes(run.state) && (
          <MessageBar intent={run.state === 'succeeded' ? 'success' : run.state === 'partial' ? 'warning' : 'error'}>
            <MessageBarBody>{runSummary(run)}</MessageBarBody>
          </MessageBar>
        )}
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </div>
  );
}
