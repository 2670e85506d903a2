/**
 * Factories for the webhook suites: encrypted requests as Shifts sends them, and the mappings
 * of the embedded WFM's demo store (Brooklyn) so changes can reach the WFM.
 */
import { randomUUID } from 'node:crypto';
import { encryptWfiPayload } from '../../connector/crypto/index.ts';
import type { Queryable } from '../../connector/store/index.ts';
import { upsertEntityMapping, upsertTeamMapping, upsertUserMapping } from '../../connector/mappings/index.ts';
import { DEMO_EMPLOYEES, DEMO_JOBS, DEMO_MANAGERS, DEMO_TEAMS, DEMO_TIME_OFF_REASONS, demoJobId } from '../../connector/wfm/embedded/demo.ts';
import type { WfiResponseContainer } from '../../connector/webhook/index.ts';
import { createEmbeddedWfm } from '../../connector/wfm/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { wfiVectors } from './vectors.ts';

export const WFI_ID = 'f0e1d2c3-b4a5-4697-8877-665544332211';
/** Environment of a webhook test app: the vectors' secret, a known integration id. */
export const WEBHOOK_ENV = { WFI_SECRET: wfiVectors.secret, WFI_ID } as const;

export const BROOKLYN = DEMO_TEAMS.find((t) => t.wfmTeamId === 'store-bkn')!;
export const MANAGER = DEMO_MANAGERS.find((m) => m.wfmTeamId === 'store-bkn')!;
export const employee = (wfmEmployeeId: string) => DEMO_EMPLOYEES.find((e) => e.wfmEmployeeId === wfmEmployeeId)!;
/** Shifts id of a scheduling group (job) and of a time-off reason in these tests. */
export const groupId = (jobKey: string) => `TAG_${jobKey}`;
export const reasonShiftsId = (reasonId: string) => `TOR_${reasonId}`;

/** Maps the Brooklyn store, its people, jobs and time-off reasons as local mode would. */
export async function seedBrooklynMappings(q: Queryable): Promise<void> {
  const team = await upsertTeamMapping(q, {
    teamId: BROOKLYN.teamsTeamId,
    wfmTeamId: BROOKLYN.wfmTeamId,
    timeZone: BROOKLYN.timeZone,
    ownerUserId: BROOKLYN.ownerUserId,
    managerUserIds: BROOKLYN.managerUserIds,
    enabled: true,
  });
  if (!team.ok) throw new Error(team.error.message);
  for (const e of DEMO_EMPLOYEES.filter((x) => x.wfmTeamId === BROOKLYN.wfmTeamId)) {
    const r = await upsertUserMapping(q, { userId: e.userId, wfmEmployeeId: e.wfmEmployeeId, displayName: e.displayName, upn: e.upn });
    if (!r.ok) throw new Error(r.error.message);
  }
  for (const j of DEMO_JOBS) {
    await upsertEntityMapping(q, { teamId: BROOKLYN.teamsTeamId, entityType: 'job', wfmId: demoJobId(BROOKLYN.wfmTeamId, j.key), shiftsId: groupId(j.key) });
  }
  for (const r of DEMO_TIME_OFF_REASONS) {
    await upsertEntityMapping(q, { teamId: BROOKLYN.teamsTeamId, entityType: 'timeOffReason', wfmId: r.id, shiftsId: reasonShiftsId(r.id) });
  }
}

/** The connector with the webhook's secret and id, the embedded WFM's demo seeded and Brooklyn mapped. */
export async function startSeededWebhookApp(backend: 'pglite' | 'postgres' = 'pglite'): Promise<TestApp> {
  const t = await startTestApp({ backend, env: { ...WEBHOOK_ENV } });
  await createEmbeddedWfm({ store: t.app.store }).seed();
  await seedBrooklynMappings(t.app.store);
  return t;
}

export interface ItemOptions {
  id?: string;
  method?: string;
  url: string;
  body?: unknown;
  transactionId?: string;
  /** Defaults to 30 s from now, as Shifts does. */
  expires?: string;
}

/** One request item as Shifts sends it. */
export function item(o: ItemOptions) {
  const id = o.id ?? o.url.split('/').filter(Boolean)[1] ?? randomUUID();
  return {
    id,
    method: o.method ?? 'POST',
    url: o.url,
    headers: {
      'X-MS-Transaction-ID': o.transactionId ?? randomUUID(),
      'X-MS-Expires': o.expires ?? new Date(Date.now() + 30_000).toISOString(),
    },
    body: o.body ?? null,
  };
}

/** A Shifts shift body (PascalCase theme, as the webhook sends it). */
export function shiftBody(o: { id: string; userId: string; start: string; end: string; jobKey?: string; isActive?: boolean; managerId?: string }) {
  return {
    id: o.id,
    userId: o.userId,
    schedulingGroupId: groupId(o.jobKey ?? 'cashier'),
    isStagedForDeletion: false,
    draftShift: { startDateTime: o.start, endDateTime: o.end, theme: 'Blue', displayName: null, notes: null, activities: [], isActive: o.isActive ?? true },
    sharedShift: null,
    lastModifiedBy: { user: { id: o.managerId ?? MANAGER.userId, displayName: MANAGER.displayName } },
  };
}

/** Posts an encrypted payload; returns the HTTP status and the parsed JSON answer. */
export async function postWfi(
  baseUrl: string,
  path: string,
  payload: unknown,
  options: { headers?: Record<string, string>; secret?: string } = {},
): Promise<{ status: number; json: WfiResponseContainer & { error?: { code: string; message: string } } }> {
  const body = encryptWfiPayload(JSON.stringify(payload), options.secret ?? wfiVectors.secret);
  return postRaw(baseUrl, path, body, options.headers);
}

export async function postRaw(baseUrl: string, path: string, body: Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...headers },
    body: new Uint8Array(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as WfiResponseContainer & { error?: { code: string; message: string } } };
}

/** A UTC instant `weeks` weeks ahead on a Tuesday at `hourUtc` (well inside the New York day). */
export function futureTuesday(weeks: number, hourUtc: number, minutes = 0): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  const toTuesday = (2 - d.getUTCDay() + 7) % 7;
  d.setUTCDate(d.getUTCDate() + toTuesday + weeks * 7);
  d.setUTCHours(hourUtc, minutes);
  return d.toISOString();
}

export const updatePath = (teamId = BROOKLYN.teamsTeamId) => `/wfi/v1/teams/${teamId}/update`;
export const readPath = (teamId = BROOKLYN.teamsTeamId) => `/wfi/v1/teams/${teamId}/read`;
