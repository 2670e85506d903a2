import { describe, expect, it } from 'vitest';
import { inZone, relative } from '../../tab/web/format/time.ts';
import { localDay, outcomesByDay } from '../../tab/api/routes/outcomes.ts';

describe('times at the edge', () => {
  it('shows an instant in the team’s zone, not the viewer’s', () => {
    const at = '2026-07-01T23:30:00.000Z';
    expect(inZone(at, 'America/New_York', 'en-GB')).toContain('19:30');
    expect(inZone(at, 'Asia/Tokyo', 'en-GB')).toContain('08:30');
    expect(inZone(at, 'Asia/Tokyo', 'en-GB')).toContain('2 Jul');
  });

  it('says how long ago or how soon, in the largest whole unit', () => {
    const now = new Date('2026-11-21T12:00:00.000Z');
    expect(relative('2026-11-21T11:55:00.000Z', now, 'en')).toBe('5 minutes ago');
    expect(relative('2026-11-21T12:10:00.000Z', now, 'en')).toBe('in 10 minutes');
    expect(relative('2026-11-21T09:00:00.000Z', now, 'en')).toBe('3 hours ago');
    expect(relative('2026-11-20T12:00:00.000Z', now, 'en')).toBe('yesterday');
    expect(relative('2026-11-21T11:59:40.000Z', now, 'en')).toBe('just now');
  });

  it('buckets runs by the local day they ended on, across a DST change', () => {
    // London leaves summer time on 25 Oct 2026: the 7 days still come out as 7 distinct days.
    const now = new Date('2026-10-28T12:00:00.000Z');
    const days = outcomesByDay(
      [
        { id: 'a', teamId: 't', kind: 'incremental', state: 'failed', startedAt: '2026-10-24T23:30:00.000Z', finishedAt: '2026-10-24T23:30:10.000Z', counts: {}, error: 'x' },
        { id: 'b', teamId: 't', kind: 'incremental', state: 'queued', startedAt: '2026-10-28T11:00:00.000Z', finishedAt: null, counts: {}, error: null },
      ],
      'Europe/London',
      now,
    );
    expect(days.map((d) => d.day)).toEqual(['2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27', '2026-10-28']);
    // 23:30 UTC on the 24th is 00:30 on the 25th in London (BST, UTC+1).
    expect(days.find((d) => d.day === '2026-10-25')?.failed).toBe(1);
    expect(days.reduce((n, d) => n + d.succeeded + d.partial + d.failed, 0)).toBe(1);
    expect(localDay(new Date('2026-10-24T23:30:00.000Z'), 'Europe/London')).toBe('2026-10-25');
  });
});
