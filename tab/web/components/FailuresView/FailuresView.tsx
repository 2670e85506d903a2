import {
  Badge,
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { ArrowRepeatAllRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import {
  failuresResponseSchema,
  retryAllPath,
  retryAllResponseSchema,
  retryPath,
  retryResponseSchema,
  type Failure,
} from '../../../api/contracts/failures.ts';
import type { ManagedTeam } from '../../../api/contracts/me.ts';
import { ApiError } from '../../api/client.ts';
import { useApi, useResource } from '../../api/context.tsx';
import { inZone, relative } from '../../format/time.ts';
import { FailureDetails } from '../FailureDetails/FailureDetails.tsx';
import { EmptyState, ErrorState, LoadingState } from '../States/States.tsx';
import { useFailuresViewStyles } from './FailuresView.styles.ts';

const STATE_BADGE = {
  open: { color: 'danger', label: 'Open' },
  retrying: { color: 'warning', label: 'Retrying' },
  resolved: { color: 'success', label: 'Resolved' },
  handled: { color: 'informative', label: 'Handled' },
} as const;

interface Filters {
  teamId: string;
  entityType: string;
  errorCode: string;
}

/**
 * Failed entities of the manager's teams: filter by team, entity type and error; open the
 * error history; retry one row (it updates in place when the retry finishes) or all of them.
 */
export function FailuresView({ teams }: { teams: ManagedTeam[] }) {
  const s = useFailuresViewStyles();
  const api = useApi();
  const [filters, setFilters] = useState<Filters>({ teamId: '', entityType: '', errorCode: '' });
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [details, setDetails] = useState<Failure>();
  const [notice, setNotice] = useState<{ intent: 'success' | 'warning' | 'error'; text: string }>();
  // Filter options grow with every list seen, so narrowing one filter never hides the others' choices.
  const seen = useRef({ types: new Set<string>(), codes: new Set<string>() });

  const list = useResource(
    (a) => a.get('/api/tab/failures', failuresResponseSchema, { ...filters }),
    JSON.stringify(filters),
  );
  for (const f of list.data?.failures ?? []) {
    seen.current.types.add(f.entityType);
    seen.current.codes.add(f.errorCode);
  }
  const team = (id: string) => teams.find((t) => t.teamId === id);
  const mark = (id: string, on: boolean) =>
    setBusy((b) => {
      const next = new Set(b);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const retry = async (f: Failure) => {
    mark(f.id, true);
    setNotice(undefined);
    try {
      const { failure } = await api.post(retryPath(f.id), retryResponseSchema);
      list.set((d) => ({ failures: d.failures.map((x) => (x.id === failure.id ? failure : x)) }));
      setNotice(
        failure.state === 'resolved'
          ? { intent: 'success', text: `${f.entityType} ${f.wfmId ?? f.id} is in sync again.` }
          : { intent: 'warning', text: `${f.entityType} ${f.wfmId ?? f.id} still fails: ${failure.errorMessage}` },
      );
    } catch (e) {
      setNotice({ intent: 'error', text: e instanceof ApiError ? e.message : String(e) });
    } finally {
      mark(f.id, false);
    }
  };

  const retryAll = async () => {
    const teamIds = [...new Set((list.data?.failures ?? []).filter((f) => f.state === 'open').map((f) => f.teamId))];
    mark('*', true);
    setNotice(undefined);
    try {
      let resolved = 0;
      let stillFailing = 0;
      for (const id of teamIds) {
        const r = await api.post(retryAllPath(id), retryAllResponseSchema);
        resolved += r.resolved;
        stillFailing += r.stillFailing;
      }
      setNotice({
        intent: stillFailing === 0 ? 'success' : 'warning',
        text: `Retried all: ${resolved} resolved, ${stillFailing} still failing.`,
      });
      list.reload();
    } catch (e) {
      setNotice({ intent: 'error', text: e instanceof ApiError ? e.message : String(e) });
    } finally {
      mark('*', false);
    }
  };

  const failures = list.data?.failures ?? [];
  const openCount = failures.filter((f) => f.state === 'open').length;
  const select = (key: keyof Filters, label: string, options: Array<[string, string]>) => (
    <Field label={label} className={s.filter}>
      <Select value={filters[key]} onChange={(_, d) => setFilters((f) => ({ ...f, [key]: d.value }))}>
        <option value="">All</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </Select>
    </Field>
  );

  return (
    <div className={s.root}>
      <div className={s.filters} role="search" aria-label="Filter failed entities">
        {select('teamId', 'Team', teams.map((t) => [t.teamId, t.teamName]))}
        {select('entityType', 'Entity type', [...seen.current.types].sort().map((v) => [v, v]))}
        {select('errorCode', 'Error', [...seen.current.codes].sort().map((v) => [v, v]))}
        <Button
          icon={busy.has('*') ? <Spinner size="tiny" /> : <ArrowRepeatAllRegular />}
          onClick={() => void retryAll()}
          disabled={busy.has('*') || openCount === 0}
        >
          Retry all ({openCount})
        </Button>
      </div>
      <div aria-live="polite">
        {notice && (
          <MessageBar intent={notice.intent}>
            <MessageBarBody>{notice.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <LoadingState label="Loading failed entities…" />
      ) : failures.length === 0 ? (
        <EmptyState title="No failed entities">
          {filters.teamId || filters.entityType || filters.errorCode
            ? 'Nothing matches these filters.'
            : 'Everything the connector tried to sync made it.'}
        </EmptyState>
      ) : (
        <div className={s.tableWrap}>
          <Table aria-label="Failed entities" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Team</TableHeaderCell>
                <TableHeaderCell>Entity</TableHeaderCell>
                <TableHeaderCell>Error</TableHeaderCell>
                <TableHeaderCell>Attempts</TableHeaderCell>
                <TableHeaderCell>Last seen</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
                <TableHeaderCell>Actions</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {failures.map((f) => {
                const t = team(f.teamId);
                const zone = t?.timeZone ?? 'UTC';
                const badge = STATE_BADGE[f.state];
                const label = `${f.entityType} ${f.wfmId ?? f.shiftsId ?? f.id}`;
                return (
                  <TableRow key={f.id} data-failure-id={f.id}>
                    <TableCell>{t?.teamName ?? f.teamId}</TableCell>
                    <TableCell>
                      {f.entityType} · {f.operation}
                      <div className={s.message}>{f.wfmId ?? f.shiftsId ?? '—'}</div>
                    </TableCell>
                    <TableCell>
                      {f.errorCode}
                      <div className={s.message}>{f.errorMessage}</div>
                    </TableCell>
                    <TableCell>{f.attempts}</TableCell>
                    <TableCell>
                      <time dateTime={f.lastSeenAt} title={inZone(f.lastSeenAt, zone)}>
                        {relative(f.lastSeenAt)}
                      </time>
                    </TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={badge.color}>
                        {badge.label}
                      </Badge>
                    </TableCell>
                    <TableCell>
                      <div className={s.actions}>
                        <Button size="small" onClick={() => setDetails(f)} aria-label={`Details of ${label}`}>
                          Details
                        </Button>
                        <Button
                          size="small"
                          appearance="primary"
                          onClick={() => void retry(f)}
                          disabled={busy.has(f.id) || busy.has('*') || f.state === 'resolved' || f.state === 'handled'}
                          aria-label={`Retry ${label}`}
                        >
                          {busy.has(f.id) ? 'Retrying…' : 'Retry'}
                        </Button>
                      </div>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {details && (
        <FailureDetails
          failure={details}
          teamName={team(details.teamId)?.teamName ?? details.teamId}
          timeZone={team(details.teamId)?.timeZone ?? 'UTC'}
          onClose={() => setDetails(undefined)}
        />
      )}
    </div>
  );
}
