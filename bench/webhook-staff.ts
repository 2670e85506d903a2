/**
 * The staff `npm run bench:webhook` schedules: the demo store's Brooklyn team plus
 * `BENCH_STAFF` (default 200) generated cashiers, so the load spreads over many people (as in
 * a real store) instead of queueing on the six demo employees' per-person rule checks.
 */
import { upsertUserMapping } from '../connector/mappings/index.ts';
import type { Queryable } from '../connector/store/index.ts';
import { DEMO_EMPLOYEES, demoJobId } from '../connector/wfm/embedded/demo.ts';
import { insertEmployee } from '../connector/wfm/embedded/repo-reference.ts';
import { BROOKLYN } from '../tests/webhook/support.ts';

const EXTRA = Number(process.env.BENCH_STAFF ?? 200);

export interface BenchPerson {
  wfmEmployeeId: string;
  userId: string;
  jobKey: string;
}

const generated: BenchPerson[] = Array.from({ length: EXTRA }, (_, i) => ({
  wfmEmployeeId: `EB${String(i).padStart(4, '0')}`,
  userId: `b0b0b0b0-0000-4000-8000-${String(i).padStart(12, '0')}`,
  jobKey: 'cashier',
}));

/** Everyone the benchmark gives shifts to. */
export const BENCH_PEOPLE: BenchPerson[] = [
  ...DEMO_EMPLOYEES.filter((e) => e.wfmTeamId === BROOKLYN.wfmTeamId).map((e) => ({ wfmEmployeeId: e.wfmEmployeeId, userId: e.userId, jobKey: e.jobKeys[0]! })),
  ...generated,
];

/** Adds the generated people to the embedded WFM (Brooklyn cashiers) and maps their users. */
export async function seedBenchStaff(q: Queryable): Promise<void> {
  for (const p of generated) {
    await insertEmployee(q, {
      id: p.wfmEmployeeId,
      teamIds: [BROOKLYN.wfmTeamId],
      displayName: `Bench Cashier ${p.wfmEmployeeId}`,
      email: null,
      jobIds: [demoJobId(BROOKLYN.wfmTeamId, p.jobKey)],
      employmentType: 'full_time',
      hireDate: '2020-01-06',
    });
    const r = await upsertUserMapping(q, { userId: p.userId, wfmEmployeeId: p.wfmEmployeeId, displayName: `Bench Cashier ${p.wfmEmployeeId}`, upn: null });
    if (!r.ok) throw new Error(r.error.message);
  }
}
