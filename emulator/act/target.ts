/**
 * Where `emulator:act` sends its calls and how it explains a failed one: `EMULATOR_URL`, else
 * 127.0.0.1 on `EMULATOR_PORT` (the port `npm start` runs the emulator on), else 3979.
 */
export function emulatorBaseUrl(env: NodeJS.ProcessEnv): { url: string } | { problem: string } {
  if (env.EMULATOR_URL) return { url: env.EMULATOR_URL.replace(/\/+$/, '') };
  const port = env.EMULATOR_PORT?.trim() || '3979';
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) return { problem: `EMULATOR_PORT: must be a whole number from 1 to 65535 (got "${port}")` };
  return { url: `http://127.0.0.1:${port}` };
}

/** One line for a request that never got an answer: what was unreachable, why, and what to do. */
export function unreachableMessage(url: string, err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : (err as Error).message;
  return `cannot reach the Shifts emulator at ${url} (${why}): start it (npm start in local mode, or npm run emulator) or set EMULATOR_PORT / EMULATOR_URL`;
}
