import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { AppError } from '../../connector/errors.ts';
import type { HttpRequest, HttpResponse, Route } from '../../connector/http/types.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Teams shows the tab in a frame: allow Teams, Outlook and Microsoft 365 hosts to frame it and
 * nobody else (Learn: "Tab requirements", frame-ancestors).
 */
const FRAME_ANCESTORS =
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us " +
  'https://*.office.com https://*.office365.com https://*.microsoft365.com https://*.cloud.microsoft https://outlook.office.com';

/**
 * teams-js fetches the list of hosts allowed to talk to it from Microsoft's CDN at start-up
 * (falling back to a built-in copy when refused); it decides which parent origins are Teams.
 */
const TEAMS_JS_VALID_DOMAINS = 'https://res.cdn.office.net';

/**
 * The tab's whole Content-Security-Policy: scripts only from our own bundle (no inline script,
 * no eval), API calls only to this server, Entra (browser sign-in) and teams-js' list of Teams hosts, nothing embeddable but
 * by the Microsoft 365 hosts. Fluent UI writes its styles at run time, hence inline styles.
 */
export function tabContentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connectSources, TEAMS_JS_VALID_DOMAINS].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    FRAME_ANCESTORS,
  ].join('; ');
}

/**
 * Resolves a URL path under `/tab/` to a file inside `root`, or undefined when it would escape
 * it (`..`, encoded separators, NUL). Exported for its tests.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.replace(/^\/tab\/?/, ''));
  } catch {
    return undefined;
  }
  if (rel.includes('\0') || rel.includes('\\')) return undefined;
  const base = resolve(root);
  const full = resolve(base, `.${sep}${rel}`);
  return full === base || full.startsWith(base + sep) ? full : undefined;
}

async function fileResponse(path: string, req: HttpRequest, spaEntry: boolean, csp: string): Promise<HttpResponse | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const etag = `"${createHash('sha1').update(`${info.size}:${info.mtimeMs}:${path}`).digest('base64url')}"`;
  // Vite names built assets by content hash: cache them for a year. index.html must always be
  // revalidated, or a deployment would keep serving old asset names.
  const hashed = !spaEntry && /[/\\]assets[/\\]/.test(path);
  const headers: Record<string, string> = {
    'content-type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag,
    'content-security-policy': csp,
  };
  if (req.headers['if-none-match'] === etag) return { status: 304, headers, body: '' };
  return { status: 200, headers, body: await readFile(path) };
}

/**
 * Serves the built single-page app under `/tab/`: files as they are, any other path without a
 * file extension falls back to `index.html` (client-side routes), missing assets are 404.
 */
export function staticRoutes(distDir: string, options: { connectSources: readonly string[] }): Route[] {
  const root = resolve(distDir);
  const csp = tabContentSecurityPolicy(options.connectSources);
  const index = resolve(root, 'index.html');
  const serve = async (req: HttpRequest): Promise<HttpResponse> => {
    const path = resolveInside(root, req.path);
    if (path === undefined) throw new AppError('bad_request', 'That path is not allowed.');
    const file = path === root ? undefined : await fileResponse(path, req, path === index, csp);
    if (file) return file;
    if (extname(path) !== '') throw new AppError('not_found', `No file ${req.path}.`);
    const entry = await fileResponse(index, req, true, csp);
    if (!entry) throw new AppError('unavailable', 'The tab has not been built yet: run `npm run build:tab`.');
    return entry;
  };
  return [
    { method: 'GET', path: '/tab', handler: () => Promise.resolve({ status: 301, headers: { location: '/tab/' }, body: '' }) },
    { method: 'GET', path: '/tab/*', handler: serve },
  ];
}
