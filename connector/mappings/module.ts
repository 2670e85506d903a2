import type { Logger } from '../observability/log.ts';
import type { Store } from '../store/index.ts';
import { seedDemoMappings } from './demo.ts';

export interface MappingsModuleDeps {
  store: Store;
  log: Logger;
  /** Local mode with the embedded WFM: map the demo stores and employees on first start. */
  seedDemo: boolean;
}

/** The mappings capability as an app module (it has no routes; the admin CLI edits mappings). */
export function createMappingsModule(deps: MappingsModuleDeps): { name: 'mappings'; start(): Promise<void> } {
  return {
    name: 'mappings',
    async start() {
      if (deps.seedDemo && (await seedDemoMappings(deps.store))) {
        deps.log.info('local mode: demo team and user mappings written');
      }
    },
  };
}
