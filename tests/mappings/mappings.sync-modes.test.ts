import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  describeModes,
  effectiveModes,
  exportTeamMappingsCsv,
  getTeamMapping,
  importMappingsCsv,
  parseSyncModes,
  upsertTeamMapping,
  type TeamMapping,
} from '../../connector/mappings/index.ts';
import type { Store } from '../../connector/store/index.ts';
import { createEmbeddedWfm } from '../../connector/wfm/embedded/index.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { clearMappings, openMappingStore } from './support.ts';

const TEAM: TeamMapping = {
  teamId: 'team-a',
  wfmTeamId: 'store-bkn',
  timeZone: 'America/New_York',
  ownerUserId: 'owner-1',
  managerUserIds: ['owner-1'],
  enabled: true,
};

describe('effective sync mode per team and entity kind', () => {
  it('falls back to SYNC_MODE, lets ONE_WAY_ALLOWED_ENTITIES stay two-way, and lets the team override any kind', () => {
    const oneWay = effectiveModes({ mode: 'one-way', oneWayAllowed: ['TimeOffRequest'] }, { swapRequests: 'off', shifts: 'two-way' });
    expect(oneWay.shifts).toEqual({ mode: 'two-way', source: 'team' });
    expect(oneWay.swapRequests).toEqual({ mode: 'off', source: 'team' });
    expect(oneWay.timeOffRequests).toEqual({ mode: 'two-way', source: 'global' });
    expect(oneWay.openShiftRequests).toEqual({ mode: 'one-way', source: 'global' });
    expect(oneWay.availability).toEqual({ mode: 'one-way', source: 'global' });
    const twoWay = effectiveModes({ mode: 'two-way', oneWayAllowed: [] }, undefined);
    expect(Object.values(twoWay).every((m) => m.mode === 'two-way' && m.source === 'global')).toBe(true);
    expect(describeModes(oneWay)).toContain('swapRequests off (team)');
  });

  it('parses kind=mode lists case-insensitively and names every mistake', () => {
    expect(parseSyncModes(' SwapRequests=off ; shifts=One-Way ')).toEqual({ ok: true, value: { shifts: 'one-way', swapRequests: 'off' } });
    expect(parseSyncModes('')).toEqual({ ok: true, value: {} });
    expect(parseSyncModes('swaps=off')).toMatchObject({ ok: false, message: expect.stringContaining('unknown entity kind "swaps"') as unknown });
    expect(parseSyncModes('shifts=sometimes')).toMatchObject({ ok: false, message: expect.stringContaining('use off, one-way or two-way') as unknown });
    expect(parseSyncModes('shifts=off;shifts=two-way')).toMatchObject({ ok: false, message: 'shifts is set twice' });
  });
});

describe.each(STORE_BACKENDS)('sync modes stored with the team mapping (%s)', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openMappingStore(backend);
  });
  beforeEach(async () => {
    await clearMappings(store);
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps a team\'s overrides, keeps them when a later write does not mention them, and clears them on request', async () => {
    expect((await upsertTeamMapping(store, { ...TEAM, syncModes: { swapRequests: 'off', timeOff: 'one-way' } })).ok).toBe(true);
    expect((await getTeamMapping(store, 'team-a'))?.syncModes).toEqual({ timeOff: 'one-way', swapRequests: 'off' });
    await upsertTeamMapping(store, { ...TEAM, enabled: false });
    expect(await getTeamMapping(store, 'team-a')).toMatchObject({ enabled: false, syncModes: { timeOff: 'one-way', swapRequests: 'off' } });
    await upsertTeamMapping(store, { ...TEAM, syncModes: {} });
    expect((await getTeamMapping(store, 'team-a'))?.syncModes).toEqual({});
  });

  it('refuses an unknown mode without writing', async () => {
    const r = await upsertTeamMapping(store, { ...TEAM, syncModes: { shifts: 'sometimes' as never } });
    expect(r.ok).toBe(false);
    expect(await getTeamMapping(store, 'team-a')).toBeUndefined();
  });

  it('imports and exports the optional syncModes column; a file without it leaves the modes alone', async () => {
    const wfm = createEmbeddedWfm({ store, now: () => new Date('2026-11-18T17:00:00Z') });
    await wfm.seed();
    const team = '0a1b2c3d-0000-4a00-8000-00000000000a';
    const teams = (text: string) => importMappingsCsv(store, wfm, { teams: { file: 'teams.csv', text } });
    const csv = ['teamId,wfmTeamId,timeZone,syncModes', `${team},store-bkn,America/New_York,swapRequests=off;offerShiftRequests=one-way`].join('\n');
    expect(await teams(csv)).toEqual({ ok: true, value: { teams: { created: 1, updated: 0, unchanged: 0 } } });
    expect((await getTeamMapping(store, team))?.syncModes).toEqual({ swapRequests: 'off', offerShiftRequests: 'one-way' });
    expect(await exportTeamMappingsCsv(store)).toContain(',swapRequests=off;offerShiftRequests=one-way\r\n');
    expect(await teams(csv)).toEqual({ ok: true, value: { teams: { created: 0, updated: 0, unchanged: 1 } } });
    expect(await teams(`teamId,wfmTeamId,timeZone\n${team},store-bkn,America/New_York\n`)).toEqual({ ok: true, value: { teams: { created: 0, updated: 0, unchanged: 1 } } });
    expect((await getTeamMapping(store, team))?.syncModes).toEqual({ swapRequests: 'off', offerShiftRequests: 'one-way' });
    const bad = await teams(`teamId,wfmTeamId,timeZone,syncModes\n${team},store-bkn,America/New_York,swaps=off\n`);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_FILES', problems: [{ file: 'teams.csv', line: 2, message: expect.stringContaining('syncModes: unknown entity kind "swaps"') as unknown }] } });
    expect((await getTeamMapping(store, team))?.syncModes).toEqual({ swapRequests: 'off', offerShiftRequests: 'one-way' });
  });
});
