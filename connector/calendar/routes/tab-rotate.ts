import { AppError } from '../../errors.ts';
import type { Route } from '../../http/types.ts';
import { issuedLinkResponseSchema, rotateLinkEndpoint } from '../contracts.ts';
import { authoriseLink, feedUrls, type TabRouteDeps } from './tab-access.ts';

/** Replaces a link with a new one (new URL) and disables the old one in the same transaction. */
export function rotateLinkRoute(deps: TabRouteDeps): Route {
  return {
    ...rotateLinkEndpoint,
    async handler(req) {
      const p = await deps.auth.principal(req);
      const linkId = req.params.linkId ?? '';
      const employeeId = await authoriseLink(deps, p.userId, linkId);
      const rotated = await deps.links.rotate(employeeId, linkId, p.userId);
      if (!rotated.ok) {
        throw new AppError(rotated.error.code === 'revoked' ? 'conflict' : 'not_found', rotated.error.message);
      }
      return {
        status: 201,
        json: issuedLinkResponseSchema.parse({ link: rotated.value.link, ...feedUrls(deps.publicUrl, rotated.value.token) }),
        headers: { 'cache-control': 'no-store' },
      };
    },
  };
}
