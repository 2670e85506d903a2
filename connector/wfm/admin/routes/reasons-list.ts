import type { Route } from '../../../http/types.ts';
import { adminRoute, type AdminDeps } from '../common.ts';

/** GET /wfm-admin/reasons — time-off reasons with their eligibility rules. */
export function reasonsListRoute(deps: AdminDeps): Route {
  return adminRoute(deps, 'GET', '/reasons', async () => {
    const records = await deps.wfm.listReasonRecords();
    return { status: 200, json: { items: records.map((r) => ({ ...r.reason, eligibility: r.eligibility })) } };
  });
}
