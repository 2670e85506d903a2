import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteTeamMapping,
  deleteUserMapping,
  formatValidationReport,
  seedDemoMappings,
  upsertUserMapping,
  validateMappings,
} from '../../connector/mappings/index.ts';
import type { Store } from '../../connector/store/index.ts';
import { createEmbeddedWfm, type EmbeddedWfm } from '../../connector/wfm/embedded/index.ts';
import { DEMO_EMPLOYEES, DEMO_TEAMS } from '../../connector/wfm/embedded/demo.ts';
import { clearMappings, openMappingStore } from './support.ts';

describe('mapping validation report', () => {
  let store: Store;
  let wfm: EmbeddedWfm;
  beforeAll(async () => {
    store = await openMappingStore('pglite');
    wfm = createEmbeddedWfm({ store, now: () => new Date('2026-11-18T17:00:00Z') });
    await wfm.seed();
  });
  beforeEach(async () => {
    await clearMappings(store);
    await seedDemoMappings(store);
  });
  afterAll(async () => {
    await store.close();
  });

  const everyone = async (teamId: string) =>
    DEMO_EMPLOYEES.filter((e) => DEMO_TEAMS.find((t) => t.teamsTeamId === teamId)?.wfmTeamId === e.wfmTeamId).map((e) => e.userId);

  it('finds nothing wrong with the demo mappings', async () => {
    const r = await validateMappings(store, wfm, { teamMembers: everyone });
    expect(r.ok).toBe(true);
    expect(formatValidationReport(r)).toBe('All mappings look right.');
  });

  it('lists unmapped teams, unmapped and unknown employees, duplicates and employees missing from their team', async () => {
    await deleteTeamMapping(store, DEMO_TEAMS[1]!.teamsTeamId);
    await deleteUserMapping(store, DEMO_EMPLOYEES[0]!.userId);
    await upsertUserMapping(store, { userId: 'ghost', wfmEmployeeId: 'E9999', displayName: 'Riley Chen', upn: 'RILEY.CHEN@contoso.example' });
    const missing = DEMO_EMPLOYEES[1]!;
    const r = await validateMappings(store, wfm, {
      teamMembers: async (teamId) => (await everyone(teamId)).filter((u) => u !== missing.userId),
    });
    expect(r.ok).toBe(false);
    expect(r.unmappedTeams).toEqual([{ wfmTeamId: 'store-cmd', name: 'Contoso Market Camden' }]);
    expect(r.unmappedEmployees).toEqual([{ wfmTeamId: 'store-bkn', employeeId: 'E1001', displayName: 'Avery Johnson' }]);
    expect(r.unknownEmployees).toEqual([{ userId: 'ghost', wfmEmployeeId: 'E9999' }]);
    expect(r.duplicates.map((d) => [d.field, d.value, d.userIds.length])).toEqual([
      ['upn', 'riley.chen@contoso.example', 2],
      ['displayName', 'riley chen', 2],
    ]);
    expect(r.employeesNotInTeam).toEqual([
      { teamId: DEMO_TEAMS[0]!.teamsTeamId, wfmTeamId: 'store-bkn', employeeId: 'E1002', userId: missing.userId, displayName: 'Jordan Smith' },
    ]);
    const text = formatValidationReport(r);
    expect(text).toContain('Unmapped WFM teams (1):\n  - store-cmd (Contoso Market Camden)');
    expect(text).toContain('E1002 Jordan Smith');
  });

  it('says when Teams membership was not checked', async () => {
    const r = await validateMappings(store, wfm);
    expect(r.membershipChecked).toBe(false);
    expect(formatValidationReport(r)).toContain('Teams membership was not checked.');
  });
});
