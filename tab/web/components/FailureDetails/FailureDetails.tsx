import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { failurePath, failureResponseSchema, type Failure } from '../../../api/contracts/failures.ts';
import { useResource } from '../../api/context.tsx';
import { inZone, relative } from '../../format/time.ts';
import { useFailureDetailsStyles } from './FailureDetails.styles.ts';

/**
 * A failed entity in full: ids, state, and every attempt's error, newest first. Shows the row
 * it was opened from at once, then the server's current record (a retry may have added to it).
 */
export function FailureDetails({
  failure: row,
  teamName,
  timeZone,
  onClose,
}: {
  failure: Failure;
  teamName: string;
  timeZone: string;
  onClose: () => void;
}) {
  const s = useFailureDetailsStyles();
  const fresh = useResource((api) => api.get(failurePath(row.id), failureResponseSchema), row.id);
  const failure = fresh.data?.failure ?? row;
  const history = [...failure.history].sort((a, b) => b.at.localeCompare(a.at));
  const facts: Array<[string, string]> = [
    ['Team', teamName],
    ['Entity', `${failure.entityType} (${failure.operation})`],
    ['WFM id', failure.wfmId ?? '—'],
    ['Shifts id', failure.shiftsId ?? '—'],
    ['State', failure.state],
    ['Attempts', String(failure.attempts)],
    ['First seen', inZone(failure.firstSeenAt, timeZone)],
    ['Next retry', failure.nextRetryAt ? `${inZone(failure.nextRetryAt, timeZone)} (${relative(failure.nextRetryAt)})` : 'None scheduled'],
  ];
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Failure details</DialogTitle>
          <DialogContent>
            <dl className={s.facts}>
              {facts.map(([k, v]) => (
                <div key={k} style={{ display: 'contents' }}>
                  <dt className={s.term}>{k}</dt>
                  <dd className={s.value}>{v}</dd>
                </div>
              ))}
            </dl>
            <Text as="h3" weight="semibold">
              Error history
            </Text>
            <Table size="small" aria-label="Error history">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>When ({timeZone})</TableHeaderCell>
                  <TableHeaderCell>Code</TableHeaderCell>
                  <TableHeaderCell>Message</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {history.map((h, i) => (
                  <TableRow key={`${h.at}-${i}`}>
                    <TableCell>{inZone(h.at, timeZone)}</TableCell>
                    <TableCell>{h.errorCode}</TableCell>
                    <TableCell>{h.errorMessage}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
