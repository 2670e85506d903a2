import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInside } from '../../tab/api/static.ts';
import { fixtures } from './support/fixtures.ts';
import { startTabServer, type TabServer } from './support/server.ts';

let s: TabServer;
beforeAll(async () => {
  s = await startTabServer(fixtures());
  writeFileSync(join(s.distDir, '..', 'secret.txt'), 'outside the tab');
});
afterAll(async () => {
  await s?.close();
});

describe('static tab serving', () => {
  it('serves index.html at /tab/ and revalidates it on every load', async () => {
    const res = await fetch(`${s.url}/tab/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = Object.fromEntries(
      res.headers.get('content-security-policy')!.split(';').map((d) => { const [name, ...v] = d.trim().split(' '); return [name, v.join(' ')]; }),
    );
    // No inline or eval'd script, calls only to this server and the sign-in authority.
    expect(csp['script-src']).toBe("'self'");
    expect(csp['default-src']).toBe("'self'");
    expect(csp['connect-src']).toMatch(/^'self' https?:\/\/[^ ]+ https:\/\/res\.cdn\.office\.net$/);
    expect(csp['object-src']).toBe("'none'");
    expect(csp['base-uri']).toBe("'none'");
    expect(csp['frame-ancestors']).toContain('https://teams.microsoft.com');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toContain('<div id="root">');
  });

  it('redirects /tab to /tab/', async () => {
    const res = await fetch(`${s.url}/tab`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/tab/');
  });

  it('caches hashed assets for a year and answers 304 to a matching ETag', async () => {
    const res = await fetch(`${s.url}/tab/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const again = await fetch(`${s.url}/tab/assets/index-abc123.js`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('falls back to index.html for client routes but 404s for missing files', async () => {
    const route = await fetch(`${s.url}/tab/failures`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    const missing = await fetch(`${s.url}/tab/assets/gone.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'No file /tab/assets/gone.js.' } });
  });

  it('never serves a file outside the tab folder', async () => {
    for (const path of ['/tab/..%2fsecret.txt', '/tab/%2e%2e/secret.txt', '/tab/..%5csecret.txt', '/tab/%00index.html']) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('outside the tab');
    }
    expect(resolveInside('/srv/tab', '/tab/../../etc/passwd')).toBeUndefined();
    expect(resolveInside('/srv/tab', '/tab/a/../index.html')).toBe('/srv/tab/index.html');
    expect(resolveInside('/srv/tab', '/tab/%E0%A4%A')).toBeUndefined();
  });
});
