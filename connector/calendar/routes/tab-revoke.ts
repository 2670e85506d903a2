import { AppError } from '../../errors.ts';
import type { Route } from '../../http/types.ts';
import { revokeLinkEndpoint, revokeLinkResponseSchema } from '../contracts.ts';
import { authoriseLink, type TabRouteDeps } from './tab-access.ts';

/** Disables a link at once: its URL answers 404 from now on. */
export function revokeLinkRoute(deps: TabRouteDeps): Route {
  return {
    ...revokeLinkEndpoint,
    async handler(req) {
      const p = await deps.auth.principal(req);
      const linkId = req.params.linkId ?? '';
      const employeeId = await authoriseLink(deps, p.userId, linkId);
      const revoked = await deps.links.revoke(employeeId, linkId);
      if (!revoked.ok) throw new AppError('not_found', revoked.error.message);
      return {
        status: 200,
        json: revokeLinkResponseSchema.parse({ link: revoked.value }),
        headers: { 'cache-control': 'no-store' },
      };
    },
  };
}
