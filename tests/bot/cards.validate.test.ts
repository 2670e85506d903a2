import { describe, expect, it } from 'vitest';
import { alertSummary, formatRange } from '../../bot/cards/index.ts';
import { validateCard } from '../../bot/cards/validate.ts';
import { exampleCards, rejected, syncFailure } from './fixtures/cards.ts';

describe('bot cards', () => {
  const cards = exampleCards();

  it.each(Object.keys(cards))('%s is a valid Adaptive Card 1.5 with no errors or warnings', (name) => {
    const card = cards[name]!;
    expect(card.version).toBe('1.5');
    expect(validateCard(card)).toEqual([]);
  });

  it.each(Object.keys(cards))('%s matches its JSON snapshot', async (name) => {
    await expect(JSON.stringify(cards[name], null, 2) + '\n').toMatchFileSnapshot(`./__snapshots__/cards/${name}.json`);
  });

  it('the validator reports what the official library finds and what it misses', () => {
    const broken = {
      ...cards.help!,
      body: [
        { type: 'Carousel' },
        { type: 'TextBlock', text: ' ', wrap: true },
        { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Go', verb: '', data: {} }] },
      ],
    };
    const problems = validateCard(broken as never);
    expect(problems.some((p) => p.startsWith('UnknownElementType'))).toBe(true);
    expect(problems).toContain('EmptyText: TextBlock without text');
    expect(problems).toContain('MissingVerb: Action.Execute without a verb');
  });

  it('says who, what and when in the team time zone', () => {
    expect(alertSummary(rejected, 'Europe/London')).toBe(
      'Adele Vance · Shift Tue 12 Oct 15:00-17:00 · Rejected by the WFM: overlaps her 14:00-18:00 shift (OVERLAP)',
    );
    expect(alertSummary(rejected, 'America/New_York')).toContain('Shift Tue 12 Oct 10:00-12:00');
    expect(alertSummary(syncFailure, 'Europe/London')).toBe(
      'Megan Bowen · Time off Thu 14 Oct 09:00-Fri 15 Oct 18:00 · Sync failed: Shifts answered 429 three times (SHIFTS_THROTTLED)',
    );
  });

  it('shows no time when the change has none, and survives a daylight-saving change', () => {
    expect(alertSummary({ ...rejected, subject: null }, 'Europe/London')).toBe(
      'Shift · Rejected by the WFM: overlaps her 14:00-18:00 shift (OVERLAP)',
    );
    // 31 Oct 2021: London falls back at 02:00 BST; 00:30Z is 01:30 BST, 02:30Z is 02:30 GMT.
    expect(formatRange('2021-10-31T00:30:00Z', '2021-10-31T02:30:00Z', 'Europe/London')).toBe('Sun 31 Oct 01:30-02:30');
  });

  it('offers Retry only for open sync failures, and every open alert can be marked as handled', () => {
    const verbs = (name: string) => JSON.stringify(cards[name]).match(/"verb": ?"[^"]+"/g) ?? [];
    const actions = (name: string) => (cards[name]!.actions ?? []).map((a) => a.title);
    expect(actions('alert-sync-failure')).toEqual(['Retry', 'Mark as handled', 'Open sync status']);
    expect(actions('alert-rejected')).toEqual(['Mark as handled', 'Open sync status']);
    expect(actions('alert-resolved')).toEqual(['Open sync status']);
    expect(verbs('alert-resolved').join()).toContain('alert.refresh');
    expect(cards['alert-rejected']!.refresh?.userIds).toEqual(['29:1a2b3c-manager']);
  });

  it('opens the personal tab through a Teams deep link', () => {
    const open = cards.welcome!.actions?.find((a) => a.title === 'Open sync status');
    expect(open).toMatchObject({ type: 'Action.OpenUrl' });
    expect(open && 'url' in open ? open.url : '').toMatch(
      /^https:\/\/teams\.microsoft\.com\/l\/entity\/8c7f7f0e-1d2b-4c3a-9e8f-0a1b2c3d4e5f\/syncStatus\?webUrl=https%3A%2F%2Fshifts\.contoso\.example%2Ftab%2F/,
    );
  });
});
