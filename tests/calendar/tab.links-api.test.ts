import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  issuedLinkResponseSchema,
  listLinksResponseSchema,
  revokeLinkResponseSchema,
} from '../../connector/calendar/contracts.ts';
import { apiErrorSchema } from '../../tab/api/contracts/common.ts';
import { upsertTeamMapping, upsertUserMapping } from '../../connector/mappings/index.ts';
import { DEMO_EMPLOYEES, DEMO_MANAGERS, DEMO_TEAMS } from '../../connector/wfm/embedded/demo.ts';
import { createEmulator, type Emulator } from '../../emulator/emulator.ts';
import { createTokenVerifier, remoteKeys, tokenRulesFor } from '../../tab/api/auth/index.ts';
import { createGuard, type Guard } from '../../tab/api/guard.ts';
import { startCalendar, type CalendarHarness } from './support/harness.ts';

const TENANT = '8b7e0f1c-5d4a-4c1e-9f0a-2f6d3c5b7a10';
const worker = DEMO_EMPLOYEES.find((e) => e.wfmEmployeeId === 'E1001')!;
const colleague = DEMO_EMPLOYEES.find((e) => e.wfmEmployeeId === 'E1002')!;
const brooklynManager = DEMO_MANAGERS.find((m) => m.wfmTeamId === 'store-bkn')!;
const camdenManager = DEMO_MANAGERS.find((m) => m.wfmTeamId === 'store-cmd')!;

describe('tab API for calendar links (real token validation against the emulator’s issuer)', () => {
  let emulator: Emulator;
  let h: CalendarHarness;
  const tokens = new Map<string, string>();

  async function call(method: string, path: string, as: string | null, body?: unknown) {
    const headers: Record<string, string> = {};
    if (as) headers.authorization = `Bearer ${tokens.get(as)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${h.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  }
  /** The feed URL handed out, on this test's server instead of the public host. */
  const local = (url: string) => url.replace('https://connector.example', h.url);

  beforeAll(async () => {
    emulator = await createEmulator({ tenantId: TENANT });
    const { url } = await emulator.listen(0, '127.0.0.1');
    const { rules, jwksUrl } = tokenRulesFor({
      localMode: true,
      authorityHost: url,
      tenantId: TENANT,
      clientId: 'local-connector',
      publicUrl: 'https://connector.example',
      appIdUri: undefined,
    });
    // The tab's guard reads team mappings from the harness's store, which exists only once the
    // harness runs; CalendarAuth is a port, so it reaches the guard through this holder.
    const ref: { guard?: Guard } = {};
    h = await startCalendar({
      seedAt: Date.UTC(2026, 0, 5, 12),
      auth: {
        principal: (req) => ref.guard!.principal(req),
        managedTeams: (p) => ref.guard!.managedTeams({ userId: p.userId, tenantId: TENANT, displayName: null }),
      },
    });
    ref.guard = createGuard(createTokenVerifier(rules, remoteKeys(jwksUrl)), h.store);
    for (const t of DEMO_TEAMS) {
      const r = await upsertTeamMapping(h.store, {
        teamId: t.teamsTeamId, wfmTeamId: t.wfmTeamId, timeZone: t.timeZone, ownerUserId: t.ownerUserId, managerUserIds: t.managerUserIds, enabled: true,
      });
      if (!r.ok) throw new Error(r.error.message);
    }
    for (const e of [worker, colleague]) {
      await upsertUserMapping(h.store, { userId: e.userId, wfmEmployeeId: e.wfmEmployeeId, displayName: e.displayName, upn: e.upn });
    }
    for (const u of [
      { id: worker.userId, displayName: worker.displayName, userPrincipalName: worker.upn },
      { id: colleague.userId, displayName: colleague.displayName, userPrincipalName: colleague.upn },
      { id: brooklynManager.userId, displayName: brooklynManager.displayName, userPrincipalName: brooklynManager.upn },
      { id: camdenManager.userId, displayName: camdenManager.displayName, userPrincipalName: camdenManager.upn },
    ]) {
      const minted = await emulator.issuer.mintUserTokens(url, { clientId: 'local-connector', audience: 'api://localhost/local-connector', user: u });
      tokens.set(u.id, minted.accessToken);
    }
  });
  afterAll(async () => {
    await h?.close();
    await emulator?.close();
  });

  it('refuses calls without a valid bearer token', async () => {
    expect((await call('GET', '/api/tab/calendar/links', null)).status).toBe(401);
    tokens.set('forged', `${tokens.get(worker.userId)!.slice(0, -4)}AAAA`);
    expect((await call('GET', '/api/tab/calendar/links', 'forged')).status).toBe(401);
  });

  it('a worker creates a link (URL shown once), sees it listed, and the URL serves their feed', async () => {
    const res = await call('POST', '/api/tab/calendar/links', worker.userId);
    expect(res.status).toBe(201);
    const created = { json: issuedLinkResponseSchema.parse(res.json) };
    expect(created.json.url).toMatch(/^https:\/\/connector\.example\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(created.json.webcalUrl).toBe(created.json.url.replace('https:', 'webcal:'));
    expect(created.json.link).toMatchObject({ employeeId: 'E1001', status: 'active', createdByUserId: worker.userId });
    const feed = await fetch(local(created.json.url));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');

    const listedRes = await call('GET', '/api/tab/calendar/links', worker.userId);
    expect(listedRes.status).toBe(200);
    const listed = { json: listLinksResponseSchema.parse(listedRes.json) };
    expect(listed.json.employeeId).toBe('E1001');
    expect(listed.json.links.map((l) => l.id)).toContain(created.json.link.id);
    // The listing never carries the token or the URL.
    expect(JSON.stringify(listed.json)).not.toContain(created.json.url.split('/').pop()!.replace('.ics', ''));
  });

  it('a worker cannot act for a colleague; unknown input is refused', async () => {
    expect((await call('POST', '/api/tab/calendar/links', worker.userId, { employeeId: 'E1002' })).status).toBe(403);
    expect((await call('GET', '/api/tab/calendar/links?employeeId=E1002', worker.userId)).status).toBe(403);
    const colleagueRes = await call('POST', '/api/tab/calendar/links', colleague.userId);
    expect(colleagueRes.status).toBe(201);
    const colleagueLink = issuedLinkResponseSchema.parse(colleagueRes.json);
    expect((await call('DELETE', `/api/tab/calendar/links/${colleagueLink.link.id}`, worker.userId)).status).toBe(404);
    expect((await call('POST', '/api/tab/calendar/links', worker.userId, { ttlDays: 0 })).status).toBe(400);
    expect((await call('POST', '/api/tab/calendar/links', worker.userId, { admin: true })).status).toBe(400);
  });

  it('a manager creates, rotates and revokes a link for a worker of their team; another team’s manager cannot', async () => {
    const createdRes = await call('POST', '/api/tab/calendar/links', brooklynManager.userId, { employeeId: 'E1002', ttlDays: 30 });
    expect(createdRes.status).toBe(201);
    const created = { json: issuedLinkResponseSchema.parse(createdRes.json) };
    expect(created.json.link).toMatchObject({ employeeId: 'E1002', createdByUserId: brooklynManager.userId });
    expect(Date.parse(created.json.link.expiresAt ?? '') - Date.parse(created.json.link.createdAt)).toBe(30 * 86_400_000);
    const linkId = created.json.link.id;

    expect((await call('POST', '/api/tab/calendar/links', camdenManager.userId, { employeeId: 'E1002' })).status).toBe(403);
    expect((await call('POST', `/api/tab/calendar/links/${linkId}/rotate`, camdenManager.userId)).status).toBe(404);
    expect((await call('DELETE', `/api/tab/calendar/links/${linkId}`, camdenManager.userId)).status).toBe(404);

    const rotatedRes = await call('POST', `/api/tab/calendar/links/${linkId}/rotate`, brooklynManager.userId);
    expect(rotatedRes.status).toBe(201);
    const rotated = { json: issuedLinkResponseSchema.parse(rotatedRes.json) };
    expect(rotated.json.url).not.toBe(created.json.url);
    expect((await fetch(local(created.json.url))).status).toBe(404);
    expect((await fetch(local(rotated.json.url))).status).toBe(200);

    const listed = listLinksResponseSchema.parse((await call('GET', '/api/tab/calendar/links?employeeId=E1002', brooklynManager.userId)).json);
    expect(listed.links.find((l) => l.id === linkId)).toMatchObject({ status: 'revoked', replacedBy: rotated.json.link.id });

    const revoked = await call('DELETE', `/api/tab/calendar/links/${rotated.json.link.id}`, brooklynManager.userId);
    expect(revoked.status).toBe(200);
    expect(revokeLinkResponseSchema.parse(revoked.json).link.status).toBe('revoked');
    expect((await fetch(local(rotated.json.url))).status).toBe(404);
    // Rotating a disabled link would revive a leaked URL's owner: refused.
    expect((await call('POST', `/api/tab/calendar/links/${linkId}/rotate`, brooklynManager.userId)).status).toBe(409);
  });

  it('a signed-in person without a WFM employee gets a clear 404 for their own links', async () => {
    const r = await call('GET', '/api/tab/calendar/links', camdenManager.userId);
    expect(r.status).toBe(404);
    expect(apiErrorSchema.parse(r.json).error.message).toBe('Your account is not linked to a schedule in the WFM.');
  });
});
