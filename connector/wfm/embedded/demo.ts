/**
 * The deterministic demo the embedded WFM is seeded with on first start, as plain data.
 *
 * It is also the identity fixture of local mode: the emulator seeds its Teams teams and Entra
 * users with the SAME ids, and local mode writes the team and user mappings from it. The shape
 * is stable; add fields, never rename or remove them.
 *
 * Schedules are relative: `weekOffset` 0 is the current local week (Monday first) of the
 * team, `weekday` 0 is Monday, times are local wall-clock `HH:MM` in the team's zone.
 */
import type { EmploymentType } from '../contract.ts';

/** Tenant id the emulator uses in local mode. */
export const DEMO_TENANT_ID = '8a1c2e40-5b7d-4f0e-9c3a-1d2e3f405161';

export interface DemoTeam {
  /** WFM team (site) id. */
  wfmTeamId: string;
  name: string;
  timeZone: string;
  /** Teams team (Microsoft 365 group) id in the emulator. */
  teamsTeamId: string;
  /** Entra object id of the team owner the connector acts as. */
  ownerUserId: string;
  /** Entra object ids of the managers (alerts, tab). */
  managerUserIds: string[];
}

export const DEMO_TEAMS: readonly DemoTeam[] = [
  {
    wfmTeamId: 'store-bkn',
    name: 'Contoso Market Brooklyn',
    timeZone: 'America/New_York',
    teamsTeamId: '3f6b8e2a-1c4d-4e5f-8a9b-0c1d2e3f4a01',
    ownerUserId: 'b7d0c1e2-0a01-4b2c-9d3e-5f6a7b8c9d01',
    managerUserIds: ['b7d0c1e2-0a01-4b2c-9d3e-5f6a7b8c9d01'],
  },
  {
    wfmTeamId: 'store-cmd',
    name: 'Contoso Market Camden',
    timeZone: 'Europe/London',
    teamsTeamId: '3f6b8e2a-1c4d-4e5f-8a9b-0c1d2e3f4a02',
    ownerUserId: 'b7d0c1e2-0a01-4b2c-9d3e-5f6a7b8c9d02',
    managerUserIds: ['b7d0c1e2-0a01-4b2c-9d3e-5f6a7b8c9d02'],
  },
];

/** Managers: Entra users who own a team; they are not scheduled employees. */
export interface DemoManager {
  userId: string;
  displayName: string;
  upn: string;
  wfmTeamId: string;
}

export const DEMO_MANAGERS: readonly DemoManager[] = [
  { userId: 'b7d0c1e2-0a01-4b2c-9d3e-5f6a7b8c9d01', displayName: 'Morgan Lee', upn: 'morgan.lee@contoso.example', wfmTeamId: 'store-bkn' },
  { userId: 'b7d0c1e2-0a01-4b2c-9d3e-5f6a7b8c9d02', displayName: 'Harriet Cole', upn: 'harriet.cole@contoso.example', wfmTeamId: 'store-cmd' },
];

/** The three jobs; every store has each of them (job ids are `<wfmTeamId>:<key>`). */
export interface DemoJob {
  key: string;
  name: string;
  theme: string;
}

export const DEMO_JOBS: readonly DemoJob[] = [
  { key: 'cashier', name: 'Cashier', theme: 'blue' },
  { key: 'stock', name: 'Stock Associate', theme: 'green' },
  { key: 'barista', name: 'Barista', theme: 'pink' },
];

/** The WFM id of a store's job. */
export function demoJobId(wfmTeamId: string, jobKey: string): string {
  return `${wfmTeamId}:${jobKey}`;
}

/** One recurring shift of an employee's weekly pattern. */
export interface DemoPatternShift {
  weekday: number;
  start: string;
  end: string;
  jobKey: string;
}

export interface DemoEmployee {
  wfmEmployeeId: string;
  wfmTeamId: string;
  displayName: string;
  /** Entra object id in the emulator. */
  userId: string;
  upn: string;
  jobKeys: string[];
  employmentType: EmploymentType;
  /** Days employed on the seed date (hire date = seed date − this). Tenure rules use it. */
  tenureDays: number;
  /** Weekly shifts, repeated for the current and the next week. */
  pattern: DemoPatternShift[];
}

const fullTime = (jobKey: string, start = '09:00', end = '17:30'): DemoPatternShift[] =>
  [0, 1, 2, 3, 4].map((weekday) => ({ weekday, start, end, jobKey }));
const weekendPartTime = (jobKey: string): DemoPatternShift[] => [
  { weekday: 3, start: '16:00', end: '22:00', jobKey },
  { weekday: 4, start: '16:00', end: '22:00', jobKey },
  { weekday: 5, start: '10:00', end: '16:00', jobKey },
  { weekday: 6, start: '10:00', end: '16:00', jobKey },
];

export const DEMO_EMPLOYEES: readonly DemoEmployee[] = [
  { wfmEmployeeId: 'E1001', wfmTeamId: 'store-bkn', displayName: 'Avery Johnson', userId: 'c2a4e6f8-1001-4a1b-8c2d-3e4f5a6b7c01', upn: 'avery.johnson@contoso.example', jobKeys: ['cashier'], employmentType: 'full_time', tenureDays: 1200, pattern: fullTime('cashier') },
  { wfmEmployeeId: 'E1002', wfmTeamId: 'store-bkn', displayName: 'Jordan Smith', userId: 'c2a4e6f8-1002-4a1b-8c2d-3e4f5a6b7c02', upn: 'jordan.smith@contoso.example', jobKeys: ['cashier'], employmentType: 'full_time', tenureDays: 400, pattern: fullTime('cashier', '12:00', '20:30') },
  { wfmEmployeeId: 'E1003', wfmTeamId: 'store-bkn', displayName: 'Riley Chen', userId: 'c2a4e6f8-1003-4a1b-8c2d-3e4f5a6b7c03', upn: 'riley.chen@contoso.example', jobKeys: ['cashier', 'barista'], employmentType: 'part_time', tenureDays: 200, pattern: weekendPartTime('cashier') },
  { wfmEmployeeId: 'E1004', wfmTeamId: 'store-bkn', displayName: 'Samira Haddad', userId: 'c2a4e6f8-1004-4a1b-8c2d-3e4f5a6b7c04', upn: 'samira.haddad@contoso.example', jobKeys: ['stock'], employmentType: 'full_time', tenureDays: 800, pattern: fullTime('stock', '06:00', '14:30') },
  { wfmEmployeeId: 'E1005', wfmTeamId: 'store-bkn', displayName: 'Diego Alvarez', userId: 'c2a4e6f8-1005-4a1b-8c2d-3e4f5a6b7c05', upn: 'diego.alvarez@contoso.example', jobKeys: ['stock'], employmentType: 'seasonal', tenureDays: 30, pattern: weekendPartTime('stock') },
  { wfmEmployeeId: 'E1006', wfmTeamId: 'store-bkn', displayName: 'Priya Natarajan', userId: 'c2a4e6f8-1006-4a1b-8c2d-3e4f5a6b7c06', upn: 'priya.natarajan@contoso.example', jobKeys: ['barista'], employmentType: 'part_time', tenureDays: 60, pattern: [
    { weekday: 0, start: '07:00', end: '13:00', jobKey: 'barista' },
    { weekday: 2, start: '07:00', end: '13:00', jobKey: 'barista' },
    { weekday: 4, start: '07:00', end: '13:00', jobKey: 'barista' },
  ] },
  { wfmEmployeeId: 'E2001', wfmTeamId: 'store-cmd', displayName: 'Oliver Bennett', userId: 'c2a4e6f8-2001-4a1b-8c2d-3e4f5a6b7c11', upn: 'oliver.bennett@contoso.example', jobKeys: ['cashier'], employmentType: 'full_time', tenureDays: 2000, pattern: fullTime('cashier') },
  { wfmEmployeeId: 'E2002', wfmTeamId: 'store-cmd', displayName: 'Amelia Hughes', userId: 'c2a4e6f8-2002-4a1b-8c2d-3e4f5a6b7c12', upn: 'amelia.hughes@contoso.example', jobKeys: ['cashier'], employmentType: 'part_time', tenureDays: 500, pattern: weekendPartTime('cashier') },
  { wfmEmployeeId: 'E2003', wfmTeamId: 'store-cmd', displayName: 'Kwame Mensah', userId: 'c2a4e6f8-2003-4a1b-8c2d-3e4f5a6b7c13', upn: 'kwame.mensah@contoso.example', jobKeys: ['stock'], employmentType: 'full_time', tenureDays: 950, pattern: fullTime('stock', '06:00', '14:30') },
  { wfmEmployeeId: 'E2004', wfmTeamId: 'store-cmd', displayName: 'Isla Murray', userId: 'c2a4e6f8-2004-4a1b-8c2d-3e4f5a6b7c14', upn: 'isla.murray@contoso.example', jobKeys: ['stock', 'cashier'], employmentType: 'full_time', tenureDays: 75, pattern: fullTime('stock', '13:00', '21:30') },
  { wfmEmployeeId: 'E2005', wfmTeamId: 'store-cmd', displayName: 'Tomasz Nowak', userId: 'c2a4e6f8-2005-4a1b-8c2d-3e4f5a6b7c15', upn: 'tomasz.nowak@contoso.example', jobKeys: ['barista'], employmentType: 'full_time', tenureDays: 640, pattern: fullTime('barista', '07:00', '15:30') },
  { wfmEmployeeId: 'E2006', wfmTeamId: 'store-cmd', displayName: 'Chloe Dubois', userId: 'c2a4e6f8-2006-4a1b-8c2d-3e4f5a6b7c16', upn: 'chloe.dubois@contoso.example', jobKeys: ['barista'], employmentType: 'seasonal', tenureDays: 20, pattern: weekendPartTime('barista') },
];

/** Shifts longer than this get an unpaid break in their middle. */
export const DEMO_BREAK = { afterHours: 6, minutes: 30, code: 'BREAK', displayName: 'Lunch', isPaid: false } as const;

/** Who may use a time-off reason. */
export interface DemoReasonEligibility {
  employmentTypes: EmploymentType[];
  minTenureDays: number;
  /** Hours a year per employment type; absent: no balance limit. */
  annualHours?: Partial<Record<EmploymentType, number>>;
}

export interface DemoTimeOffReason {
  id: string;
  name: string;
  iconType: string;
  paid: boolean;
  eligibility: DemoReasonEligibility;
}

export const DEMO_TIME_OFF_REASONS: readonly DemoTimeOffReason[] = [
  { id: 'R-VAC', name: 'Vacation', iconType: 'plane', paid: true, eligibility: { employmentTypes: ['full_time', 'part_time'], minTenureDays: 90, annualHours: { full_time: 80, part_time: 40 } } },
  { id: 'R-SICK', name: 'Sick', iconType: 'firstAid', paid: true, eligibility: { employmentTypes: ['full_time', 'part_time', 'seasonal'], minTenureDays: 0, annualHours: { full_time: 40, part_time: 24, seasonal: 16 } } },
  { id: 'R-PERS', name: 'Personal (unpaid)', iconType: 'cup', paid: false, eligibility: { employmentTypes: ['full_time', 'part_time', 'seasonal'], minTenureDays: 0 } },
  { id: 'R-PAR', name: 'Parental leave', iconType: 'pin', paid: true, eligibility: { employmentTypes: ['full_time'], minTenureDays: 365 } },
  { id: 'R-JURY', name: 'Jury duty', iconType: 'juryDuty', paid: true, eligibility: { employmentTypes: ['full_time', 'part_time'], minTenureDays: 0 } },
];

/** Open shifts nobody holds yet. */
export interface DemoOpenShift {
  key: string;
  wfmTeamId: string;
  jobKey: string;
  weekOffset: number;
  weekday: number;
  start: string;
  end: string;
  slots: number;
}

export const DEMO_OPEN_SHIFTS: readonly DemoOpenShift[] = [
  { key: 'O1', wfmTeamId: 'store-bkn', jobKey: 'cashier', weekOffset: 1, weekday: 5, start: '12:00', end: '18:00', slots: 2 },
  { key: 'O2', wfmTeamId: 'store-bkn', jobKey: 'stock', weekOffset: 1, weekday: 6, start: '06:00', end: '12:00', slots: 1 },
  { key: 'O3', wfmTeamId: 'store-cmd', jobKey: 'barista', weekOffset: 1, weekday: 2, start: '15:00', end: '20:00', slots: 1 },
  { key: 'O4', wfmTeamId: 'store-cmd', jobKey: 'cashier', weekOffset: 1, weekday: 5, start: '09:00', end: '15:00', slots: 2 },
];

/** Booked time off. */
export interface DemoTimeOff {
  key: string;
  wfmEmployeeId: string;
  reasonId: string;
  weekOffset: number;
  weekday: number;
  /** Whole local days from `weekday`. */
  days: number;
}

export const DEMO_TIMES_OFF: readonly DemoTimeOff[] = [
  { key: 'T1', wfmEmployeeId: 'E1002', reasonId: 'R-VAC', weekOffset: 1, weekday: 4, days: 1 },
  { key: 'T2', wfmEmployeeId: 'E2003', reasonId: 'R-SICK', weekOffset: 0, weekday: 0, days: 1 },
];

/** Pending requests, one of each kind per store where it makes sense. */
export type DemoRequest =
  | { key: string; kind: 'timeOff'; sender: string; reasonId: string; weekOffset: number; weekday: number; days: number; message: string }
  | { key: string; kind: 'swap'; sender: string; recipient: string; senderShift: DemoShiftRef; recipientShift: DemoShiftRef; message: string }
  | { key: string; kind: 'offer'; sender: string; recipient: string; senderShift: DemoShiftRef; message: string }
  | { key: string; kind: 'openShift'; sender: string; openShiftKey: string; message: string };

/** A seeded shift: an employee's pattern shift in a given week. */
export interface DemoShiftRef {
  weekOffset: number;
  weekday: number;
}

export const DEMO_REQUESTS: readonly DemoRequest[] = [
  { key: 'Q1', kind: 'timeOff', sender: 'E1001', reasonId: 'R-VAC', weekOffset: 1, weekday: 2, days: 1, message: 'Family visit' },
  { key: 'Q2', kind: 'swap', sender: 'E1001', recipient: 'E1002', senderShift: { weekOffset: 1, weekday: 0 }, recipientShift: { weekOffset: 1, weekday: 0 }, message: 'Could we trade Monday shifts? I need the evening.' },
  { key: 'Q3', kind: 'offer', sender: 'E2005', recipient: 'E2006', senderShift: { weekOffset: 1, weekday: 0 }, message: 'Can you take my Monday?' },
  { key: 'Q4', kind: 'openShift', sender: 'E2006', openShiftKey: 'O3', message: 'Happy to cover Wednesday evening' },
];
