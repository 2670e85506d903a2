import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('security headers on every answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['a health check', 'GET', '/healthz', 200],
    ['an unknown path', 'GET', '/nowhere', 404],
    ['the tab API without a token', 'GET', '/api/tab/me', 401],
    ['a bot activity that is not JSON', 'POST', '/api/messages', 400],
    ['a webhook call without its secret', 'POST', '/wfi/v1/teams/x/update', 401],
  ])('sends nosniff, no referrer and a closed CSP with %s', async (_what, method, path, status) => {
    const res = await fetch(`${t.url}${path}`, { method, ...(method === 'POST' ? { body: '{nope', headers: { 'content-type': 'application/json' } } : {}) });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
