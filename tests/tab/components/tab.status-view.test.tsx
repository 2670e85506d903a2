// @vitest-environment jsdom
import '../support/dom.ts';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StatusView } from '../../../tab/web/components/StatusView/StatusView.tsx';
import { fixtures } from '../support/fixtures.ts';
import { renderWithApi } from '../support/render.tsx';
import { startTabServer, type TabServer } from '../support/server.ts';
import type { InTestSyncService } from '../support/sync.ts';

let s: TabServer;
let sync: InTestSyncService;
beforeAll(async () => {
  const f = fixtures();
  sync = f.sync;
  // Contoso Bakery has a WFM change waiting since 09:05 UTC (09:05 GMT in London).
  f.sync.statuses[0]!.freshness.oldestUnsyncedAt = '2026-11-21T09:05:00.000Z';
  const today = new Date().toISOString();
  sync.runs = [
    { id: 'old-1', teamId: 'team-a', kind: 'incremental', state: 'succeeded', startedAt: today, finishedAt: today, counts: {}, error: null },
    { id: 'old-2', teamId: 'team-a', kind: 'incremental', state: 'failed', startedAt: today, finishedAt: today, counts: {}, error: 'Graph 503' },
  ];
  s = await startTabServer(f);
});
afterEach(cleanup);
afterAll(async () => {
  await s?.close();
});

describe('Sync status view', () => {
  it('shows each managed team’s health, why, times in the team zone, counts and the 7-day chart', async () => {
    renderWithApi(<StatusView />, s.url, await s.issuer.token({ oid: 'manager-1' }));
    const card = await screen.findByRole('region', { name: 'Contoso Bakery' });
    expect(within(card).getByLabelText('Health: Degraded')).toBeTruthy();
    expect(within(card).getByText('2 entities failed to sync')).toBeTruthy();
    expect(within(card).getByText('Last sync (Europe/London)')).toBeTruthy();
    const last = card.querySelector('time[datetime="2026-11-21T09:00:00.000Z"]');
    expect(last?.textContent).toMatch(/09:00( AM)? GMT/);
    expect(within(card).getByText('40 shift, 3 timeOff')).toBeTruthy();
    // The effective sync mode of each kind, saying which ones the team set itself.
    const modes = within(within(card).getByRole('list', { name: 'Sync modes' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(modes).toContain('Shifts: from the WFM only (team setting)');
    expect(modes).toContain('Swap requests: off (team setting)');
    expect(modes).toContain('Time-off requests: both ways');
    expect(within(card).getByRole('img').getAttribute('aria-label')).toBe(
      'Sync outcomes over the last 7 days: 1 succeeded, 0 partial, 1 failed.',
    );
    // Failed runs differ from succeeded ones by a hatching, not by colour alone.
    expect(card.querySelectorAll('[data-outcome="failed"] rect[fill^="url(#"]')).toHaveLength(1);
    expect(card.querySelectorAll('[data-outcome="succeeded"] rect[fill^="url(#"]')).toHaveLength(0);
    expect(screen.queryByRole('region', { name: 'Fabrikam Depot' })).toBeNull();
  });

  it('says in plain words how fast WFM changes reach Shifts and since when the oldest one waits, in the team’s local time', async () => {
    renderWithApi(<StatusView />, s.url, await s.issuer.token({ oid: 'manager-1' }));
    const card = await screen.findByRole('region', { name: 'Contoso Bakery' });
    const freshness = within(card).getByRole('group', { name: 'Freshness' });
    expect(within(freshness).getByText('WFM changes reach Shifts in about 1 s (95 % within 3 s).')).toBeTruthy();
    expect(freshness.textContent).toMatch(/Oldest change waiting since .*09:05( AM)? GMT/);
    expect(freshness.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-21T09:05:00.000Z');
  });

  it('says when no WFM change reached Shifts lately and none is waiting', async () => {
    renderWithApi(<StatusView />, s.url, await s.issuer.token({ oid: 'manager-2' }));
    const card = await screen.findByRole('region', { name: 'Fabrikam Depot' });
    const freshness = within(card).getByRole('group', { name: 'Freshness' });
    expect(freshness.textContent).toBe('No WFM change reached Shifts in the last hour.No change is waiting.');
  });

  it('queues a sync, shows its progress, then its result', async () => {
    const user = userEvent.setup();
    renderWithApi(<StatusView />, s.url, await s.issuer.token({ oid: 'manager-1' }));
    await user.click(await screen.findByRole('button', { name: 'Sync Contoso Bakery now' }));
    expect(await screen.findByText('Queued…')).toBeTruthy();
    // "Queued…" shows as soon as the button is pressed; the run exists once the POST landed.
    await waitFor(() => expect(sync.calls).toContain('syncNow:team-a'));
    const run = sync.runs[0]!;
    expect(run.kind).toBe('manual');
    run.state = 'running';
    expect(await screen.findByText('Syncing…', {}, { timeout: 4000 })).toBeTruthy();
    Object.assign(run, { state: 'partial', finishedAt: new Date().toISOString(), counts: { shift: { created: 2, unchanged: 5, failed: 1 } } });
    expect(await screen.findByText('Sync finished with failures: 2 created, 5 unchanged, 1 failed.', {}, { timeout: 4000 })).toBeTruthy();
    await waitFor(() => expect((screen.getByRole('button', { name: 'Sync Contoso Bakery now' }) as HTMLButtonElement).disabled).toBe(false));
  });

  it('explains an empty list to someone who manages no team', async () => {
    renderWithApi(<StatusView />, s.url, await s.issuer.token({ oid: 'nobody' }));
    expect(await screen.findByText('No teams to show')).toBeTruthy();
  });

  it('shows the server’s reason and a way to try again when the token is refused', async () => {
    renderWithApi(<StatusView />, s.url, await s.issuer.token({ oid: 'manager-1' }, { foreignKey: true }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The token signature is not valid.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
