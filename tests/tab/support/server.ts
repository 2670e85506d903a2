import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpServer } from '../../../connector/http/server.ts';
import { upsertTeamMapping, upsertUserMapping, type TeamMapping } from '../../../connector/mappings/index.ts';
import type { SyncService } from '../../../connector/sync/service.ts';
import type { WfmAdapter } from '../../../connector/wfm/contract.ts';
import { recordDecisions } from '../../../connector/webhook/decisions.ts';
import { createTabModule, webhookRejections, type LocalTokenMinter } from '../../../tab/api/index.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { startTestIssuer, type TestIssuer } from './issuer.ts';

export const AUDIENCE = 'api://localhost/local-connector';

export interface TabServer {
  url: string;
  issuer: TestIssuer;
  app: TestApp;
  distDir: string;
  /** GET/POST with an optional bearer token; answers status and parsed JSON. */
  call(method: 'GET' | 'POST', path: string, token?: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

function localMinter(issuer: TestIssuer): LocalTokenMinter {
  return async (userId) => ({
    token: await issuer.token({ oid: userId, name: userId === 'manager-1' ? 'Test Manager' : userId }),
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  });
}

/** A rejected Shifts change as the webhook records it. */
export interface SeedDecision {
  teamId: string;
  entityType: string;
  entityId: string;
  operation: 'create' | 'update' | 'delete';
  actingUserId: string | null;
  ruleCode: string;
  message: string;
}

/**
 * Boots the real app (store with the mapping tables, jobs) and serves the tab module over
 * real loopback HTTP, validating tokens from a test issuer's JWKS.
 */
export async function startTabServer(opts: {
  sync: SyncService;
  wfm: WfmAdapter;
  decisions?: SeedDecision[];
  teams: TeamMapping[];
  users?: Array<{ userId: string; wfmEmployeeId: string; displayName: string }>;
  localMode?: boolean;
  /** Local sign-in mints tokens with the test issuer, as the emulator would. */
  localSignIn?: boolean;
  now?: () => Date;
}): Promise<TabServer> {
  const issuer = await startTestIssuer(AUDIENCE);
  const app = await startTestApp();
  for (const t of opts.teams) {
    const r = await upsertTeamMapping(app.app.store, t);
    if (!r.ok) throw new Error(r.error.message);
  }
  for (const u of opts.users ?? []) {
    const r = await upsertUserMapping(app.app.store, { ...u, upn: null });
    if (!r.ok) throw new Error(r.error.message);
  }
  await recordDecisions(
    app.app.store,
    (opts.decisions ?? []).map((d, i) => ({
      ...d, decision: 'rejected' as const, status: 400, latencyMs: 12, transactionId: null, wfmId: null, itemId: `item-${i}`,
    })),
  );
  const distDir = mkdtempSync(join(tmpdir(), 'tab-dist-'));
  mkdirSync(join(distDir, 'assets'));
  writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>tab</title><div id="root"></div>');
  writeFileSync(join(distDir, 'assets', 'index-abc123.js'), 'console.log("tab")');
  const mod = createTabModule({
    config: {
      localMode: opts.localMode ?? true,
      authorityHost: issuer.authorityHost,
      tenantId: issuer.tenantId,
      clientId: 'local-connector',
      publicUrl: 'http://127.0.0.1:3978',
      appIdUri: AUDIENCE,
      distDir,
    },
    log: app.app.log,
    store: app.app.store,
    sync: opts.sync,
    wfm: opts.wfm,
    rejected: webhookRejections(app.app.store),
    ...(opts.localSignIn ? { mintLocalToken: localMinter(issuer) } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const http = createHttpServer(mod.routes ?? [], app.app.log, app.app.metrics);
  const { url } = await http.listen(0, '127.0.0.1');
  return {
    url,
    issuer,
    app,
    distDir,
    async call(method, path, token, body) {
      const res = await fetch(url + path, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async close() {
      await http.close();
      await app.close();
      await issuer.close();
    },
  };
}
