// @vitest-environment jsdom
import '../support/dom.ts';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FailuresView } from '../../../tab/web/components/FailuresView/FailuresView.tsx';
import { fixtures } from '../support/fixtures.ts';
import { renderWithApi } from '../support/render.tsx';
import { startTabServer, type TabServer } from '../support/server.ts';
import { failure, type InTestSyncService } from '../support/sync.ts';

const TEAMS = [
  { teamId: 'team-a', teamName: 'Contoso Bakery', timeZone: 'Europe/London' },
];
let s: TabServer;
let sync: InTestSyncService;
let token: string;
beforeAll(async () => {
  const f = fixtures();
  sync = f.sync;
  s = await startTabServer(f);
  token = await s.issuer.token({ oid: 'manager-1' });
});
afterEach(cleanup);
afterAll(async () => {
  await s?.close();
});

const rows = () => screen.getAllByRole('row').slice(1);

describe('Failed entities view', () => {
  it('lists the open failures of the manager’s teams only, with error and state', async () => {
    renderWithApi(<FailuresView teams={TEAMS} />, s.url, token);
    const table = await screen.findByRole('table', { name: 'Failed entities' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('Time-off reason is missing in Shifts.')).toBeTruthy();
    expect(within(table).queryByText('wfm-f3')).toBeNull();
  });

  it('filters by entity type and by error, keeping every choice available', async () => {
    const user = userEvent.setup();
    renderWithApi(<FailuresView teams={TEAMS} />, s.url, token);
    await screen.findByRole('table', { name: 'Failed entities' });
    // Each filter answers after a round trip: wait for its rows, not just for a row count the
    // previous filter's answer may still show.
    await user.selectOptions(screen.getByLabelText('Entity type'), 'timeOff');
    await waitFor(() => {
      expect(rows()).toHaveLength(1);
      expect(within(rows()[0]!).getByText('GRAPH_404')).toBeTruthy();
    });
    await user.selectOptions(screen.getByLabelText('Entity type'), '');
    await user.selectOptions(screen.getByLabelText('Error'), 'GRAPH_503');
    await waitFor(() => {
      expect(rows()).toHaveLength(1);
      expect(within(rows()[0]!).getByText('wfm-f1')).toBeTruthy();
    });
    await user.selectOptions(screen.getByLabelText('Error'), 'GRAPH_404');
    await waitFor(() => expect(within(rows()[0]!).getByText('wfm-f2')).toBeTruthy());
  });

  it('says so when a filter matches nothing', async () => {
    sync.failures.push(failure({ id: 'f9', teamId: 'team-a', entityType: 'openShift', state: 'resolved' }));
    const user = userEvent.setup();
    renderWithApi(<FailuresView teams={TEAMS} />, s.url, token);
    await screen.findByRole('table', { name: 'Failed entities' });
    await user.selectOptions(screen.getByLabelText('Team'), 'team-a');
    await user.selectOptions(screen.getByLabelText('Error'), 'GRAPH_404');
    await user.selectOptions(screen.getByLabelText('Entity type'), 'shift');
    expect(await screen.findByText('Nothing matches these filters.')).toBeTruthy();
  });

  it('opens the details with the error history, newest first, and closes with Escape', async () => {
    const f2 = sync.failures.find((f) => f.id === 'f2')!;
    f2.history = [
      { at: '2026-11-20T10:00:00.000Z', errorCode: 'GRAPH_503', errorMessage: 'Shifts was unavailable.' },
      { at: '2026-11-20T11:00:00.000Z', errorCode: 'GRAPH_404', errorMessage: 'Time-off reason is missing in Shifts.' },
    ];
    const user = userEvent.setup();
    renderWithApi(<FailuresView teams={TEAMS} />, s.url, token);
    await user.click(await screen.findByRole('button', { name: 'Details of timeOff wfm-f2' }));
    const dialog = await screen.findByRole('dialog');
    const history = within(dialog).getByRole('table', { name: 'Error history' });
    const cells = within(history).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[1]!.textContent);
    expect(cells).toEqual(['GRAPH_404', 'GRAPH_503']);
    expect(within(dialog).getByText('Europe/London', { exact: false })).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('retries one row and updates it in place when the retry finishes', async () => {
    const user = userEvent.setup();
    renderWithApi(<FailuresView teams={TEAMS} />, s.url, token);
    const retry = await screen.findByRole('button', { name: 'Retry shift wfm-f1' });
    await user.click(retry);
    expect(await screen.findByText('shift wfm-f1 is in sync again.')).toBeTruthy();
    const row = retry.closest('tr')!;
    expect(within(row).getByText('Resolved')).toBeTruthy();
    expect((retry as HTMLButtonElement).disabled).toBe(true);
    expect(sync.calls).toContain('retry:f1');
  });

  it('retries all and reports what still fails', async () => {
    sync.stillFailing.add('f2');
    const user = userEvent.setup();
    renderWithApi(<FailuresView teams={TEAMS} />, s.url, token);
    await screen.findByRole('table', { name: 'Failed entities' });
    await user.click(screen.getByRole('button', { name: 'Retry all (1)' }));
    expect(await screen.findByText('Retried all: 0 resolved, 1 still failing.')).toBeTruthy();
    expect(sync.calls).toContain('retryAll:team-a');
  });

  it('can be driven from the keyboard: Tab reaches the filters and the row buttons', async () => {
    const user = userEvent.setup();
    renderWithApi(<FailuresView teams={TEAMS} />, s.url, token);
    await screen.findByRole('table', { name: 'Failed entities' });
    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('Team'));
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('Error'));
    await user.tab();
    await user.tab();
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^Details of /);
  });
});
