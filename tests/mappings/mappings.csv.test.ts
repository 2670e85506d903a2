import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  exportTeamMappingsCsv,
  exportUserMappingsCsv,
  importTeamMappingsCsv,
  importUserMappingsCsv,
  listTeamMappings,
  listUserMappings,
  parseCsv,
  upsertUserMapping,
} from '../../connector/mappings/index.ts';
import type { Store } from '../../connector/store/index.ts';
import { clearMappings, openMappingStore } from './support.ts';

const TEAMS_CSV = [
  'teamId,wfmTeamId,timeZone,ownerUserId,managerUserIds,enabled',
  'team-a,store-bkn,America/New_York,owner-1,owner-1;mgr-2,true',
  'team-b,store-cmd,Europe/London,,,false',
].join('\n');

describe('mapping CSV import and export', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openMappingStore('pglite');
  });
  beforeEach(async () => {
    await clearMappings(store);
  });
  afterAll(async () => {
    await store.close();
  });

  it('parses quoted fields with commas, doubled quotes, CRLF and a spreadsheet BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
    expect(() => parseCsv('a\n"open')).toThrow('line 2');
  });

  it('imports team mappings, reports created/updated/unchanged, and exports them back', async () => {
    const first = await importTeamMappingsCsv(store, TEAMS_CSV);
    expect(first).toEqual({ ok: true, value: { created: 2, updated: 0, unchanged: 0 } });
    expect((await listTeamMappings(store)).find((m) => m.teamId === 'team-b')).toEqual({
      teamId: 'team-b',
      wfmTeamId: 'store-cmd',
      timeZone: 'Europe/London',
      ownerUserId: null,
      managerUserIds: [],
      enabled: false,
      syncModes: {},
    });
    const exported = await exportTeamMappingsCsv(store);
    // Exports carry the optional syncModes column (empty: every kind follows SYNC_MODE).
    expect(exported).toBe(TEAMS_CSV.split('\n').map((l, i) => `${l},${i === 0 ? 'syncModes' : ''}`).join('\r\n') + '\r\n');
    const again = await importTeamMappingsCsv(store, exported.replace('false', 'true'));
    expect(again).toEqual({ ok: true, value: { created: 0, updated: 1, unchanged: 1 } });
  });

  it('rejects a file with ragged rows or a wrong header, and writes nothing', async () => {
    const ragged = ['teamId,wfmTeamId,timeZone,enabled', 'team-a,store-bkn,America/New_York,true', 'team-e,store-z'].join('\n');
    const r = await importTeamMappingsCsv(store, ragged);
    expect(!r.ok && r.error).toEqual([{ line: 3, message: 'has 2 fields, the header has 4' }]);
    expect(await listTeamMappings(store)).toEqual([]);
    const header = await importTeamMappingsCsv(store, 'team,zone\nx,y');
    expect(!header.ok && header.error[0]!.message).toContain('missing teamId, wfmTeamId, timeZone');
  });

  it('reports every row problem with its line and writes none of the good rows', async () => {
    const bad = [
      'teamId,wfmTeamId,timeZone,enabled',
      'team-a,store-bkn,America/New_York,true',
      'team-b,store-bkn,Europe/London,true',
      'team-c,store-x,Europe/Londres,true',
      'team-d,store-y,UTC,maybe',
    ].join('\n');
    const r = await importTeamMappingsCsv(store, bad);
    expect(!r.ok && r.error).toEqual([
      { line: 3, message: 'duplicate WFM team store-bkn (first on line 2)' },
      { line: 4, message: 'timeZone: must be an IANA time zone such as Europe/London' },
      { line: 5, message: 'enabled: use true or false, not "maybe"' },
    ]);
    expect(await listTeamMappings(store)).toEqual([]);
  });

  it('imports user mappings, refusing duplicates in the file and employees mapped to someone else', async () => {
    const csv = 'userId,wfmEmployeeId,displayName,upn\nu1,E1,"Lee, Ann",ann@x.example\nu2,E2,Bo,bo@x.example\n';
    expect(await importUserMappingsCsv(store, csv)).toEqual({ ok: true, value: { created: 2, updated: 0, unchanged: 0 } });
    expect(await exportUserMappingsCsv(store)).toBe('userId,wfmEmployeeId,displayName,upn\r\nu1,E1,"Lee, Ann",ann@x.example\r\nu2,E2,Bo,bo@x.example\r\n');
    const dupes = await importUserMappingsCsv(store, 'userId,wfmEmployeeId,upn\nu3,E3,c@x.example\nu4,E3,C@x.example\n');
    expect(!dupes.ok && dupes.error).toEqual([
      { line: 3, message: 'duplicate WFM employee E3 (first on line 2)' },
      { line: 3, message: 'duplicate UPN c@x.example (first on line 2)' },
    ]);
    const taken = await importUserMappingsCsv(store, 'userId,wfmEmployeeId\nu9,E1\n');
    expect(!taken.ok && taken.error).toEqual([{ line: 2, message: 'WFM employee E1 is already mapped to user u1' }]);
    expect((await listUserMappings(store)).map((u) => u.userId)).toEqual(['u1', 'u2']);
  });

  it('lets one file move employees between users (a swap of two mappings)', async () => {
    await upsertUserMapping(store, { userId: 'u1', wfmEmployeeId: 'E1', displayName: null, upn: null });
    await upsertUserMapping(store, { userId: 'u2', wfmEmployeeId: 'E2', displayName: null, upn: null });
    const r = await importUserMappingsCsv(store, 'userId,wfmEmployeeId\nu1,E2\nu2,E1\n');
    expect(r).toEqual({ ok: true, value: { created: 0, updated: 2, unchanged: 0 } });
    expect((await listUserMappings(store)).map((u) => [u.userId, u.wfmEmployeeId])).toEqual([
      ['u2', 'E1'],
      ['u1', 'E2'],
    ]);
  });
});
