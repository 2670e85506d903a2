// @vitest-environment jsdom
import '../support/dom.ts';
import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReasonsView } from '../../../tab/web/components/ReasonsView/ReasonsView.tsx';
import { fixtures } from '../support/fixtures.ts';
import { renderWithApi } from '../support/render.tsx';
import { startTabServer, type TabServer } from '../support/server.ts';

let s: TabServer;
beforeAll(async () => {
  s = await startTabServer(fixtures());
});
afterEach(cleanup);
afterAll(async () => {
  await s?.close();
});

const teams = [{ teamId: 'team-a', teamName: 'Contoso Bakery', timeZone: 'Europe/London' }];

describe('Time-off reasons view', () => {
  it('asks to pick a member, then shows eligible reasons and why the others are not', async () => {
    const user = userEvent.setup();
    renderWithApi(<ReasonsView teams={teams} />, s.url, await s.issuer.token({ oid: 'manager-1' }));
    expect(await screen.findByText('Pick a team member')).toBeTruthy();
    const picker = screen.getByLabelText('Team member');
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a person…', 'Avery Baker', 'Ben Seasonal']);
    await user.selectOptions(picker, 'e2');
    const eligible = await screen.findByRole('list', { name: 'Ben Seasonal may use (1)' });
    expect(within(eligible).getByText('Sick')).toBeTruthy();
    const other = screen.getByRole('list', { name: 'Not available (1)' });
    expect(within(other).getByText('Vacation')).toBeTruthy();
    expect(within(other).getByText('REASON_NOT_ELIGIBLE')).toBeTruthy();
    expect(within(other).getByText('Vacation is available after 90 days of employment.')).toBeTruthy();

    await user.selectOptions(picker, 'e1');
    expect(await screen.findByRole('list', { name: 'Avery Baker may use (2)' })).toBeTruthy();
    expect(screen.getByText('Every reason is available.')).toBeTruthy();
  });

  it('shows the error when the team is not the manager’s', async () => {
    renderWithApi(
      <ReasonsView teams={[{ teamId: 'team-b', teamName: 'Fabrikam Depot', timeZone: 'America/New_York' }]} />,
      s.url,
      await s.issuer.token({ oid: 'manager-1' }),
    );
    expect((await screen.findByRole('alert')).textContent).toContain('You do not manage this team.');
  });
});
