import { clientCredentialsProvider, createGraphClient, type GraphClient } from '../../../connector/graph/index.ts';
import { DEMO_EMPLOYEES } from '../../../connector/wfm/embedded/demo.ts';
import { createEmulator, type Emulator } from '../../../emulator/emulator.ts';

export const EMULATOR_TENANT = '8b7e0f1c-5d4a-4c1e-9f0a-2f6d3c5b7a10';

/** The local Graph emulator with the demo's people, and the product's Graph client pointed at it. */
export async function startGraph(): Promise<{ emulator: Emulator; graph: GraphClient }> {
  const emulator = await createEmulator({ tenantId: EMULATOR_TENANT });
  const { url } = await emulator.listen(0, '127.0.0.1');
  emulator.seed({ users: DEMO_EMPLOYEES.map((e) => ({ id: e.userId, displayName: e.displayName, userPrincipalName: e.upn })) });
  const graph = createGraphClient({
    baseUrl: url,
    tokens: clientCredentialsProvider({
      clientId: 'local-connector',
      clientSecret: 'local-connector-secret',
      tenantId: EMULATOR_TENANT,
      authorityHost: url,
      graphBaseUrl: url,
    }),
    passthrough: 'calendar-test',
  });
  return { emulator, graph };
}
