import { errorBody } from '../../errors.ts';
import type { HttpRequest, HttpResponse, Route } from '../../http/types.ts';
import type { FeedService } from '../feed.ts';
import { hashToken, type LinkService } from '../links.ts';
import type { RateLimiter } from '../rate-limit.ts';

export interface FeedRouteDeps {
  links: LinkService;
  feeds: FeedService;
  limiter: RateLimiter;
  /** Counts feed requests by outcome (ok, not_modified, not_found, rate_limited, unavailable). */
  count(outcome: string): void;
}

/**
 * One answer for unknown, revoked, expired and malformed tokens alike, so a URL never tells
 * whether it once worked.
 */
const NOT_FOUND: HttpResponse = {
  status: 404,
  json: errorBody('not_found', 'There is no calendar at this address.'),
  headers: { 'cache-control': 'no-store' },
};

/** True when an If-None-Match header lists the tag (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/**
 * `GET /calendar/{token}.ics`: the worker's read-only iCalendar feed. The rate limit is keyed
 * by the token's hash and applies before the lookup, so it cannot be used to probe tokens
 * either. The token itself never reaches a log (the request log records the route pattern).
 */
export function feedRoute(deps: FeedRouteDeps): Route {
  return {
    method: 'GET',
    path: '/calendar/:token.ics',
    async handler(req: HttpRequest): Promise<HttpResponse> {
      const token = req.params.token ?? '';
      const decision = deps.limiter.take(hashToken(token));
      if (!decision.allowed) {
        deps.count('rate_limited');
        return {
          status: 429,
          json: errorBody('rate_limited', 'This calendar is being fetched too often; try again later.'),
          headers: { 'retry-after': String(decision.retryAfterSeconds) },
        };
      }
      const link = await deps.links.resolve(token);
      if (!link) {
        deps.count('not_found');
        return NOT_FOUND;
      }
      const feed = await deps.feeds.render(link.employeeId);
      if (!feed.ok) {
        deps.count('unavailable');
        req.log.warn({ linkId: link.id, code: feed.error.code }, 'calendar feed: WFM unavailable');
        return {
          status: 503,
          json: errorBody('unavailable', 'The schedule cannot be read right now; try again later.'),
          headers: { 'retry-after': '300' },
        };
      }
      await deps.links.touch(link.id);
      const headers: Record<string, string> = {
        etag: feed.value.etag,
        'last-modified': feed.value.lastModified.toUTCString(),
        'cache-control': 'private, no-cache',
      };
      const inm = req.headers['if-none-match'];
      const ims = req.headers['if-modified-since'];
      const notModified =
        inm !== undefined
          ? etagMatches(inm, feed.value.etag)
          : ims !== undefined && Date.parse(ims) >= feed.value.lastModified.getTime();
      if (notModified) {
        deps.count('not_modified');
        return { status: 304, headers };
      }
      deps.count('ok');
      return {
        status: 200,
        body: feed.value.body,
        headers: {
          ...headers,
          'content-type': 'text/calendar; charset=utf-8',
          'content-disposition': 'inline; filename="shifts.ics"',
        },
      };
    },
  };
}
