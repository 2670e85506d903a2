#!/usr/bin/env node
// `npx shifts-connector <command>`: runs the TypeScript entry through tsx (no build step).
import { register } from 'tsx/esm/api';

// Ctrl+C: the documented exit code 130, one line, no stack.
process.once('SIGINT', () => {
  process.stderr.write('interrupted\n');
  process.exit(130);
});
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
