/**
 * The published OpenAPI document and the code stay one contract: every endpoint the HTTP
 * adapter calls is documented with its method, and every documented path is served.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { WFM_ENDPOINTS } from '../../connector/wfm/http/wire.ts';
import { RULE_CODES } from '../../connector/wfm/contract.ts';
import { wfmApiRoutes } from '../../connector/wfm/http-server/index.ts';
import { createEmbeddedWfm } from '../../connector/wfm/embedded/index.ts';
import type { Store } from '../../connector/store/index.ts';

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

const doc = parse(readFileSync('docs/wfm-openapi.yaml', 'utf8')) as OpenApi;
const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('docs/wfm-openapi.yaml', () => {
  it('documents every endpoint of the adapter, with its method and operation id', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [name, ep] of Object.entries(WFM_ENDPOINTS)) {
      const op = doc.paths[toOpenApi(ep.path)]?.[ep.method.toLowerCase()];
      expect(op?.operationId, `${ep.method} ${ep.path}`).toBe(name);
    }
  });

  it('documents nothing the server does not serve', () => {
    const routes = wfmApiRoutes(createEmbeddedWfm({ store: {} as Store }), { prefix: '', apiKeys: [] });
    const served = new Set(routes.map((r) => `${r.method} ${toOpenApi(r.path)}`));
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) expect(served.has(`${method.toUpperCase()} ${path}`), `${method} ${path}`).toBe(true);
    }
  });

  it('lists every rule code the reference WFM enforces', () => {
    const error = JSON.stringify(doc.components.schemas.ErrorBody);
    for (const code of RULE_CODES) expect(error).toContain(code);
  });
});
