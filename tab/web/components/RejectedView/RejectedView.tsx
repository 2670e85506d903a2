import { Badge, Field, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import type { ManagedTeam } from '../../../api/contracts/me.ts';
import { rejectedResponseSchema } from '../../../api/contracts/rejected.ts';
import { useResource } from '../../api/context.tsx';
import { inZone, relative } from '../../format/time.ts';
import { EmptyState, ErrorState, LoadingState } from '../States/States.tsx';
import { useRejectedViewStyles } from './RejectedView.styles.ts';

/** The audit of Shifts changes the WFM rejected: when, who tried, what, the rule and its message. */
export function RejectedView({ teams }: { teams: ManagedTeam[] }) {
  const s = useRejectedViewStyles();
  const [teamId, setTeamId] = useState('');
  const list = useResource((a) => a.get('/api/tab/rejected', rejectedResponseSchema, { teamId }), teamId);
  const team = (id: string) => teams.find((t) => t.teamId === id);
  const changes = list.data?.changes ?? [];
  return (
    <div className={s.root}>
      <Field label="Team" className={s.filter}>
        <Select value={teamId} onChange={(_, d) => setTeamId(d.value)}>
          <option value="">All teams</option>
          {teams.map((t) => (
            <option key={t.teamId} value={t.teamId}>
              {t.teamName}
            </option>
          ))}
        </Select>
      </Field>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <LoadingState label="Loading rejected changes…" />
      ) : changes.length === 0 ? (
        <EmptyState title="No rejected changes">The WFM has accepted every change made in Shifts.</EmptyState>
      ) : (
        <div className={s.tableWrap}>
          <Table aria-label="Rejected changes" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>When</TableHeaderCell>
                <TableHeaderCell>Team</TableHeaderCell>
                <TableHeaderCell>Who tried</TableHeaderCell>
                <TableHeaderCell>Change</TableHeaderCell>
                <TableHeaderCell>Rule</TableHeaderCell>
                <TableHeaderCell>Message</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {changes.map((c) => {
                const t = team(c.teamId);
                return (
                  <TableRow key={c.id}>
                    <TableCell>
                      <time dateTime={c.at}>{inZone(c.at, t?.timeZone ?? 'UTC')}</time>
                      <div className={s.sub}>{relative(c.at)}</div>
                    </TableCell>
                    <TableCell>{t?.teamName ?? c.teamId}</TableCell>
                    <TableCell>{c.actorName ?? c.actorUserId ?? 'Unknown'}</TableCell>
                    <TableCell>
                      {c.operation} {c.entityType}
                    </TableCell>
                    <TableCell>
                      <Badge appearance="outline" color="danger">
                        {c.ruleCode}
                      </Badge>
                    </TableCell>
                    <TableCell>{c.message}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
