import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteEntityMapping,
  getEmployeeIdForUser,
  getEntityMappingByShiftsId,
  getEntityMappingByWfmId,
  getTeamMapping,
  getTeamMappingByWfmTeam,
  getUserIdForEmployee,
  listEntityMappings,
  listTeamMappings,
  listUserMappings,
  upsertEntityMapping,
  upsertTeamMapping,
  upsertUserMapping,
  type TeamMapping,
} from '../../connector/mappings/index.ts';
import type { Store } from '../../connector/store/index.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { clearMappings, openMappingStore } from './support.ts';

const TEAM: TeamMapping = {
  teamId: 'team-a',
  wfmTeamId: 'store-bkn',
  timeZone: 'America/New_York',
  ownerUserId: 'owner-1',
  managerUserIds: ['owner-1', 'mgr-2'],
  enabled: true,
  syncModes: {},
};

describe.each(STORE_BACKENDS)('mappings store (%s)', (backend) => {
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

  it('keeps a team mapping with its zone, owner and managers, found both ways', async () => {
    expect((await upsertTeamMapping(store, TEAM)).ok).toBe(true);
    expect(await getTeamMapping(store, 'team-a')).toEqual(TEAM);
    expect(await getTeamMappingByWfmTeam(store, 'store-bkn')).toEqual(TEAM);
    const updated = await upsertTeamMapping(store, { ...TEAM, enabled: false, managerUserIds: [] });
    expect(updated.ok && updated.value).toEqual({ ...TEAM, enabled: false, managerUserIds: [] });
    expect(await listTeamMappings(store)).toHaveLength(1);
    expect(await getTeamMapping(store, 'nope')).toBeUndefined();
  });

  it('refuses a second Teams team for one WFM team, and an unknown time zone, writing nothing', async () => {
    await upsertTeamMapping(store, TEAM);
    const dup = await upsertTeamMapping(store, { ...TEAM, teamId: 'team-b' });
    expect(!dup.ok && dup.error.code).toBe('DUPLICATE_WFM_TEAM');
    const zone = await upsertTeamMapping(store, { ...TEAM, teamId: 'team-c', wfmTeamId: 'x', timeZone: 'Mars/Olympus' });
    expect(!zone.ok && zone.error).toEqual({ code: 'INVALID_MAPPING', message: 'timeZone: must be an IANA time zone such as Europe/London' });
    expect((await listTeamMappings(store)).map((m) => m.teamId)).toEqual(['team-a']);
  });

  it('maps users to employees both ways and refuses one employee for two users', async () => {
    expect((await upsertUserMapping(store, { userId: 'u1', wfmEmployeeId: 'E1', displayName: 'Ann', upn: 'ann@x.example' })).ok).toBe(true);
    expect(await getEmployeeIdForUser(store, 'u1')).toBe('E1');
    expect(await getUserIdForEmployee(store, 'E1')).toBe('u1');
    expect(await getUserIdForEmployee(store, 'E2')).toBeUndefined();
    const dup = await upsertUserMapping(store, { userId: 'u2', wfmEmployeeId: 'E1', displayName: null, upn: null });
    expect(!dup.ok && dup.error.code).toBe('DUPLICATE_EMPLOYEE');
    expect(await listUserMappings(store)).toEqual([{ userId: 'u1', wfmEmployeeId: 'E1', displayName: 'Ann', upn: 'ann@x.example' }]);
  });

  it('keeps entity ids with the content hash and version the sync engine last wrote', async () => {
    const m = await upsertEntityMapping(store, { teamId: 'team-a', entityType: 'shift', wfmId: 'S1', shiftsId: 'SHFT_1', contentHash: 'h1', wfmVersion: '1' });
    expect(m).toMatchObject({ wfmId: 'S1', shiftsId: 'SHFT_1', contentHash: 'h1', wfmVersion: '1' });
    // Omitted hash and version keep what was stored.
    const again = await upsertEntityMapping(store, { teamId: 'team-a', entityType: 'shift', wfmId: 'S1', shiftsId: 'SHFT_1' });
    expect(again).toMatchObject({ contentHash: 'h1', wfmVersion: '1' });
    expect(await getEntityMappingByShiftsId(store, 'team-a', 'shift', 'SHFT_1')).toMatchObject({ wfmId: 'S1' });
    expect(await getEntityMappingByWfmId(store, 'team-a', 'openShift', 'S1')).toBeUndefined();
    // A Shifts id re-used for another WFM entity moves; the stale row goes.
    await upsertEntityMapping(store, { teamId: 'team-a', entityType: 'shift', wfmId: 'S2', shiftsId: 'SHFT_1', contentHash: null });
    expect(await getEntityMappingByWfmId(store, 'team-a', 'shift', 'S1')).toBeUndefined();
    await upsertEntityMapping(store, { teamId: 'team-a', entityType: 'timeOff', wfmId: 'T1', shiftsId: 'TOFF_1' });
    expect((await listEntityMappings(store, 'team-a')).map((e) => [e.entityType, e.wfmId])).toEqual([
      ['shift', 'S2'],
      ['timeOff', 'T1'],
    ]);
    expect((await listEntityMappings(store, 'team-a', 'timeOff')).map((e) => e.shiftsId)).toEqual(['TOFF_1']);
    expect(await deleteEntityMapping(store, 'team-a', 'timeOff', 'T1')).toBe(true);
    expect(await deleteEntityMapping(store, 'team-a', 'timeOff', 'T1')).toBe(false);
  });

  it('works inside a caller transaction and rolls back with it', async () => {
    await expect(
      store.transaction(async (tx) => {
        await upsertTeamMapping(tx, TEAM);
        await upsertEntityMapping(tx, { teamId: 'team-a', entityType: 'shift', wfmId: 'S1', shiftsId: 'X' });
        expect(await getTeamMapping(tx, 'team-a')).toEqual(TEAM);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await getTeamMapping(store, 'team-a')).toBeUndefined();
    expect(await listEntityMappings(store, 'team-a')).toEqual([]);
  });
});
