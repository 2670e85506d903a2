// @vitest-environment jsdom
import '../support/dom.ts';
import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RejectedView } from '../../../tab/web/components/RejectedView/RejectedView.tsx';
import { fixtures, TEAMS } from '../support/fixtures.ts';
import { renderWithApi } from '../support/render.tsx';
import { startTabServer, type TabServer } from '../support/server.ts';

let s: TabServer;
beforeAll(async () => {
  const f = fixtures();
  // A third team manager-1 also manages, where nothing was rejected.
  s = await startTabServer({
    ...f,
    teams: [...TEAMS, { teamId: 'team-c', wfmTeamId: 'wfm-c', timeZone: 'Asia/Tokyo', ownerUserId: 'manager-1', managerUserIds: [], enabled: true }],
  });
});
afterEach(cleanup);
afterAll(async () => {
  await s?.close();
});

const teams = [
  { teamId: 'team-a', teamName: 'Contoso Bakery', timeZone: 'Europe/London' },
  { teamId: 'team-c', teamName: 'Tokyo Kiosk', timeZone: 'Asia/Tokyo' },
];

describe('Rejected changes view', () => {
  it('shows who tried what, when, the rule and the message', async () => {
    renderWithApi(<RejectedView teams={teams} />, s.url, await s.issuer.token({ oid: 'manager-1' }));
    const table = await screen.findByRole('table', { name: 'Rejected changes' });
    const [row] = within(table).getAllByRole('row').slice(1);
    expect(within(row!).getByText('Test Manager')).toBeTruthy();
    expect(within(row!).getByText('MAX_WEEKLY_HOURS')).toBeTruthy();
    expect(within(row!).getByText('This would put Avery over 48 hours this week.')).toBeTruthy();
    expect(within(row!).getByText('create shift')).toBeTruthy();
    expect(within(row!).getByText('Contoso Bakery')).toBeTruthy();
    expect(within(table).queryByText('BALANCE_EXCEEDED')).toBeNull();
  });

  it('shows an empty state for a team with no rejections', async () => {
    const user = userEvent.setup();
    renderWithApi(<RejectedView teams={teams} />, s.url, await s.issuer.token({ oid: 'manager-1' }));
    await screen.findByRole('table', { name: 'Rejected changes' });
    await user.selectOptions(screen.getByLabelText('Team'), 'team-c');
    expect(await screen.findByText('No rejected changes')).toBeTruthy();
  });
});
