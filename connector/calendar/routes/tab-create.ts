import { AppError } from '../../errors.ts';
import type { Route } from '../../http/types.ts';
import { createLinkBodySchema, createLinkEndpoint, issuedLinkResponseSchema } from '../contracts.ts';
import { feedUrls, subjectEmployee, type TabRouteDeps } from './tab-access.ts';

/** Creates a subscription link; the answer carries the URL, shown this once (only a hash is kept). */
export function createLinkRoute(deps: TabRouteDeps): Route {
  return {
    ...createLinkEndpoint,
    async handler(req) {
      const p = await deps.auth.principal(req);
      // An empty body means "my own link, default lifetime".
      const body = (await req.json(createLinkBodySchema.optional())) ?? {};
      const employeeId = await subjectEmployee(deps, p.userId, body.employeeId);
      const result = await deps.links.create({
        employeeId,
        createdByUserId: p.userId,
        ...(body.ttlDays !== undefined ? { ttlDays: body.ttlDays } : {}),
      });
      if (!result.ok) throw new AppError('conflict', result.error.message);
      const issued = result.value;
      return {
        status: 201,
        json: issuedLinkResponseSchema.parse({ link: issued.link, ...feedUrls(deps.publicUrl, issued.token) }),
        headers: { 'cache-control': 'no-store' },
      };
    },
  };
}
