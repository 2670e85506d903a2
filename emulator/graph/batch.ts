import { type Router } from '../http/router.ts';
import { badRequest, normalizeHeaders, type EmuRequest } from '../http/types.ts';
import { validateBody } from '../schema/validate.ts';
import type { GraphCall } from './call.ts';
import { runGraphRequest } from './dispatch.ts';
import { ok } from './odata.ts';

interface BatchItem {
  id: string;
  method: string;
  url: string;
  dependsOn?: string[];
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * `POST /$batch`: at most 20 requests, run in order; each is throttled and answered on its
 * own (a 429 item carries its own Retry-After); an item whose `dependsOn` failed gets 424.
 */
export function batchRoutes(r: Router<GraphCall>): void {
  r.add('POST', '/$batch', async (req, _p, call) => {
    const problem = validateBody('batch.request', req.body);
    if (problem) throw badRequest(problem.replace("type 'microsoft.graph.batch.request'", 'the batch request'));
    const items = (req.body as { requests: BatchItem[] }).requests;
    const ids = new Set<string>();
    for (const item of items) {
      if (ids.has(item.id)) throw badRequest(`The batch contains the request id '${item.id}' more than once.`);
      for (const dep of item.dependsOn ?? []) {
        if (!ids.has(dep)) throw badRequest(`Request '${item.id}' depends on '${dep}', which is not an earlier request of this batch.`);
      }
      ids.add(item.id);
    }
    const statuses = new Map<string, number>();
    const responses: Array<{ id: string; status: number; headers: Record<string, string>; body?: unknown }> = [];
    for (const item of items) {
      const failedDep = (item.dependsOn ?? []).find((d) => (statuses.get(d) ?? 500) >= 400);
      if (failedDep !== undefined) {
        statuses.set(item.id, 424);
        responses.push({
          id: item.id,
          status: 424,
          headers: { 'content-type': 'application/json' },
          body: { error: { code: 'FailedDependency', message: `Dependent request '${failedDep}' failed.` } },
        });
        continue;
      }
      const url = new URL(item.url, 'http://batch.invalid');
      const sub: EmuRequest = {
        method: item.method.toUpperCase(),
        path: url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/i, ''),
        query: url.searchParams,
        headers: normalizeHeaders(item.headers ?? {}),
        body: item.body,
        rawBody: item.body === undefined ? '' : JSON.stringify(item.body),
        baseUrl: req.baseUrl,
      };
      const res = await runGraphRequest(call.emu, call.version, call.appId, sub, call.user);
      statuses.set(item.id, res.status);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers ?? {})) {
        if (k === 'retry-after' || k.startsWith('x-ratelimit') || k === 'location') headers[k === 'retry-after' ? 'Retry-After' : k] = v;
      }
      if (res.json !== undefined) headers['Content-Type'] = 'application/json';
      responses.push({ id: item.id, status: res.status, headers, ...(res.json !== undefined ? { body: res.json } : {}) });
    }
    return ok({ responses });
  });
}
