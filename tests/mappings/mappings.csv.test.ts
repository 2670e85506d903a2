import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  exportTeamMappingsCsv,
  exportUserMappingsCsv,
  importMappingsCsv,
  listTeamMappings,
  listUserMappings,
  parseCsv,
  parseCsvRecords,
  upsertUserMapping,
  type MappingFiles,
} from '../../connector/mappings/index.ts';
import type { Store } from '../../connector/store/index.ts';
import { createEmbeddedWfm, type EmbeddedWfm } from '../../connector/wfm/embedded/index.ts';
import { STORE_BACKENDS } from '../support/env.ts';
import { clearMappings, openMappingStore } from './support.ts';

const TEAM_A = '0a1b2c3d-0000-4a00-8000-00000000000a';
const TEAM_B = '0a1b2c3d-0000-4a00-8000-00000000000b';
const OWNER = '0a1b2c3d-0000-4a00-8000-0000000000f1';
const MGR = '0a1b2c3d-0000-4a00-8000-0000000000f2';
const U1 = '0a1b2c3d-0000-4a00-8000-000000000001';
const U2 = '0a1b2c3d-0000-4a00-8000-000000000002';
const U3 = '0a1b2c3d-0000-4a00-8000-000000000003';
const U4 = '0a1b2c3d-0000-4a00-8000-000000000004';
const TEAMS_HEADER = 'teamId,wfmTeamId,timeZone,ownerUserId,managerUserIds,enabled';
const TEAMS_CSV = [TEAMS_HEADER, `${TEAM_A},store-bkn,America/New_York,${OWNER},${OWNER};${MGR},true`, `${TEAM_B},store-cmd,Europe/London,,,false`].join('\n');
const USERS_CSV = `userId,wfmEmployeeId,displayName,upn\n${U1},E1001,"Johnson, Avery",avery@contoso.example\n${U2},E1002,Jordan,jordan@contoso.example\n`;

describe('CSV parsing', () => {
  it('parses quoted fields with commas, doubled quotes, CRLF and a spreadsheet BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
    expect(() => parseCsv('a\n"open')).toThrow('line 2');
  });

  it('numbers each record by the line it starts on, past blank lines and multi-line fields', () => {
    expect(parseCsvRecords('h1,h2\n\n"two\nlines",x\nlast,y\n').map((r) => r.line)).toEqual([1, 3, 5]);
  });
});

describe.each(STORE_BACKENDS)('mapping CSV import and export (%s)', (backend) => {
  let store: Store;
  let wfm: EmbeddedWfm;
  const both = (teams?: string, users?: string): MappingFiles => ({
    ...(teams !== undefined ? { teams: { file: 'teams.csv', text: teams } } : {}),
    ...(users !== undefined ? { users: { file: 'users.csv', text: users } } : {}),
  });
  const problemsOf = async (files: MappingFiles) => {
    const r = await importMappingsCsv(store, wfm, files);
    if (r.ok || r.error.code !== 'INVALID_FILES') throw new Error(`expected INVALID_FILES, got ${JSON.stringify(r)}`);
    return r.error.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
  };
  beforeAll(async () => {
    store = await openMappingStore(backend);
    wfm = createEmbeddedWfm({ store, now: () => new Date('2026-11-18T17:00:00Z') });
    await wfm.seed();
  });
  beforeEach(async () => {
    await clearMappings(store);
  });
  afterAll(async () => {
    await store.close();
  });

  it('imports both files, reports created/updated/unchanged, and exports them back', async () => {
    expect(await importMappingsCsv(store, wfm, both(TEAMS_CSV, USERS_CSV))).toEqual({
      ok: true,
      value: { teams: { created: 2, updated: 0, unchanged: 0 }, users: { created: 2, updated: 0, unchanged: 0 } },
    });
    expect((await listTeamMappings(store)).find((m) => m.teamId === TEAM_B)).toEqual({
      teamId: TEAM_B,
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
    expect(await exportUserMappingsCsv(store)).toBe(USERS_CSV.replace(/\n/g, '\r\n'));
    const again = await importMappingsCsv(store, wfm, both(exported.replace('false', 'true')));
    expect(again).toEqual({ ok: true, value: { teams: { created: 0, updated: 1, unchanged: 1 } } });
  });

  it.each([
    ['a Teams team id that is not a GUID', `team-x,store-bkn,UTC,,,true`, 'teamId: must be the Teams team (group) id, a GUID, not "team-x"'],
    ['an owner id that is not a GUID', `${TEAM_A},store-bkn,UTC,owner-1,,true`, 'ownerUserId: must be an Entra object id (a GUID), not "owner-1"'],
    ['a manager id that is not a GUID', `${TEAM_A},store-bkn,UTC,,${MGR};boss,true`, 'managerUserIds: "boss" is not an Entra object id (a GUID)'],
    ['enabled=yes', `${TEAM_A},store-bkn,UTC,,,yes`, 'enabled: use true or false, not "yes"'],
    ['a zone that is not IANA', `${TEAM_A},store-bkn,Europe/Londres,,,true`, 'timeZone: must be an IANA time zone such as Europe/London'],
    ['a WFM team that does not exist', `${TEAM_A},store-nowhere,UTC,,,true`, 'wfmTeamId: the WFM has no team "store-nowhere"'],
    ['a wrong field count', `${TEAM_A},store-bkn,UTC`, 'has 3 fields, the header has 6'],
  ])('refuses a team row with %s, naming file and line', async (_kind, row, message) => {
    expect(await problemsOf(both(`${TEAMS_HEADER}\n${row}\n`))).toEqual([`teams.csv:2: ${message}`]);
    expect(await listTeamMappings(store)).toEqual([]);
  });

  it.each([
    ['a user id that is not a GUID', `u1,E1001,,`, 'userId: must be an Entra object id (a GUID), not "u1"'],
    ['a bad UPN', `${U1},E1001,,avery at contoso`, 'upn: "avery at contoso" is not a user principal name (name@domain)'],
    ['a WFM employee that does not exist', `${U1},E9999,,`, 'wfmEmployeeId: the WFM has no employee "E9999"'],
    ['a wrong field count', `${U1},E1001,Avery,avery@contoso.example,extra`, 'has 5 fields, the header has 4'],
  ])('refuses a user row with %s, naming file and line', async (_kind, row, message) => {
    expect(await problemsOf(both(undefined, `userId,wfmEmployeeId,displayName,upn\n${row}\n`))).toEqual([`users.csv:2: ${message}`]);
    expect(await listUserMappings(store)).toEqual([]);
  });

  it('lists every problem of both files, a ragged row hiding none, and imports neither file', async () => {
    const teams = [TEAMS_HEADER, `${TEAM_A},store-bkn,America/New_York,,,true`, `${TEAM_B},store-bkn,Europe/London,,,true`, 'short,row', '', `team-c,store-x,UTC,,,maybe`].join('\n');
    const users = `userId,wfmEmployeeId,upn\n${U3},E1003,c@contoso.example\n${U4},E1003,C@contoso.example\n`;
    expect(await problemsOf(both(teams, users))).toEqual([
      'teams.csv:3: duplicate WFM team store-bkn (first on line 2)',
      'teams.csv:4: has 2 fields, the header has 6',
      'teams.csv:6: enabled: use true or false, not "maybe"',
      'teams.csv:6: teamId: must be the Teams team (group) id, a GUID, not "team-c"',
      'teams.csv:6: wfmTeamId: the WFM has no team "store-x"',
      'users.csv:3: duplicate WFM employee E1003 (first on line 2)',
      'users.csv:3: duplicate UPN c@contoso.example (first on line 2)',
    ]);
    expect(await listTeamMappings(store)).toEqual([]);
    expect(await listUserMappings(store)).toEqual([]);
  });

  it('imports no teams when only the users file is invalid', async () => {
    expect(await problemsOf(both(TEAMS_CSV, `userId,wfmEmployeeId\nnot-a-guid,E1001\n`))).toEqual(['users.csv:2: userId: must be an Entra object id (a GUID), not "not-a-guid"']);
    expect(await listTeamMappings(store)).toEqual([]);
  });

  it('refuses a wrong header and an employee already mapped to someone else', async () => {
    expect(await problemsOf(both('team,zone\nx,y'))).toEqual(['teams.csv:1: header: missing teamId, wfmTeamId, timeZone; unknown team, zone (expected teamId,wfmTeamId,timeZone,ownerUserId,managerUserIds,enabled,syncModes)']);
    await upsertUserMapping(store, { userId: U1, wfmEmployeeId: 'E1001', displayName: null, upn: null });
    expect(await problemsOf(both(undefined, `userId,wfmEmployeeId\n${U2},E1001\n`))).toEqual([`users.csv:2: WFM employee E1001 is already mapped to user ${U1}`]);
  });

  it('lets one file move employees between users (a swap of two mappings)', async () => {
    await upsertUserMapping(store, { userId: U1, wfmEmployeeId: 'E1001', displayName: null, upn: null });
    await upsertUserMapping(store, { userId: U2, wfmEmployeeId: 'E1002', displayName: null, upn: null });
    const r = await importMappingsCsv(store, wfm, both(undefined, `userId,wfmEmployeeId\n${U1},E1002\n${U2},E1001\n`));
    expect(r).toEqual({ ok: true, value: { users: { created: 0, updated: 2, unchanged: 0 } } });
    expect((await listUserMappings(store)).map((u) => [u.userId, u.wfmEmployeeId]).sort()).toEqual([
      [U1, 'E1002'],
      [U2, 'E1001'],
    ]);
  });
});
