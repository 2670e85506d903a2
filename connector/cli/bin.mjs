#!/usr/bin/env node
// `npx shifts-connector <command>`: runs the TypeScript entry through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
