/**
 * `npm run emulator`: the Shifts emulator as a standalone process (its own port). This file is
 * the emulator's composition root, so it is the one place that reads the environment.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEMO_TENANT_ID } from '../connector/wfm/embedded/demo.ts';
import { createEmulator } from './emulator.ts';
import { demoSeed } from './local.ts';
import type { SeedInput } from './seed.ts';

const num = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return def;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const envSchema = z.object({
  EMULATOR_PORT: num(3979, 0, 65535),
  EMULATOR_HOST: z.string().default('127.0.0.1'),
  EMULATOR_TENANT_ID: z.string().default(DEMO_TENANT_ID),
  EMULATOR_CLIENT_ID: z.string().default('local-connector'),
  EMULATOR_CLIENT_SECRET: z.string().default('local-connector-secret'),
  EMULATOR_PUBLIC_URL: z.string().url().optional(),
  /** `demo` (the embedded WFM's stores), `none`, or a path to a JSON `SeedInput`. */
  EMULATOR_SEED: z.string().default('demo'),
  EMULATOR_PAGE_SIZE: num(100, 1, 1000),
  EMULATOR_THROTTLE: z.enum(['on', 'off']).default('on'),
  EMULATOR_TEAM_RPS: num(4, 0.1, 10_000),
  EMULATOR_TENANT_WRITE_RPS: num(30, 0.1, 10_000),
  EMULATOR_TENANT_DELETE_RPS: num(15, 0.1, 10_000),
  EMULATOR_LATENCY_MS: num(0, 0, 60_000),
  EMULATOR_ERROR_RATE: num(0, 0, 1),
  EMULATOR_TIMEOUT_RATE: num(0, 0, 1),
  /** Device-code sign-in: seconds a user code stays valid, and the polling interval clients are given. */
  EMULATOR_DEVICE_CODE_EXPIRES_IN: num(900, 1, 86_400),
  EMULATOR_DEVICE_CODE_INTERVAL: num(5, 1, 60),
});

async function main(): Promise<void> {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    process.stderr.write(`Invalid emulator configuration: ${problems.join('; ')}\n`);
    process.exit(2);
  }
  const e = parsed.data;
  let seed: SeedInput | undefined;
  if (e.EMULATOR_SEED === 'demo') seed = demoSeed();
  else if (e.EMULATOR_SEED !== 'none') seed = JSON.parse(readFileSync(e.EMULATOR_SEED, 'utf8')) as SeedInput;

  const emu = await createEmulator({
    tenantId: e.EMULATOR_TENANT_ID,
    clients: [{ clientId: e.EMULATOR_CLIENT_ID, clientSecret: e.EMULATOR_CLIENT_SECRET }],
    pageSize: e.EMULATOR_PAGE_SIZE,
    ...(e.EMULATOR_PUBLIC_URL ? { publicUrl: e.EMULATOR_PUBLIC_URL } : {}),
    throttle: {
      enabled: e.EMULATOR_THROTTLE === 'on',
      perTeamPerSecond: e.EMULATOR_TEAM_RPS,
      tenantWritesPerSecond: e.EMULATOR_TENANT_WRITE_RPS,
      tenantDeletesPerSecond: e.EMULATOR_TENANT_DELETE_RPS,
    },
    faults: { latencyMs: e.EMULATOR_LATENCY_MS, errorRate: e.EMULATOR_ERROR_RATE, timeoutRate: e.EMULATOR_TIMEOUT_RATE },
    deviceCode: { expiresInSeconds: Math.round(e.EMULATOR_DEVICE_CODE_EXPIRES_IN), intervalSeconds: Math.round(e.EMULATOR_DEVICE_CODE_INTERVAL) },
  }, {
    // One line per callback to the connector: what was asked and how it answered.
    onCallback(c) {
      const items = c.items.map((i) => `${i.method} ${i.url}`).join(', ') || 'connect';
      const answers = c.answers.filter((a) => a.message).map((a) => ` "${a.message}"`).join('');
      process.stdout.write(`${c.at} ${c.kind} ${c.teamId ?? ''} ${items} -> ${c.outcome}${answers}\n`);
    },
  });
  if (seed) emu.seed(seed);
  const { url } = await emu.listen(e.EMULATOR_PORT, e.EMULATOR_HOST);
  process.stdout.write(
    [
      `Shifts emulator listening at ${url}`,
      `  Graph:     ${url}/v1.0  (beta: ${url}/beta)`,
      `  Authority: ${url}/${e.EMULATOR_TENANT_ID}  (client id ${e.EMULATOR_CLIENT_ID})`,
      `  Page:      ${url}/_emulator/`,
      `  Sign-in:   ${url}/devicelogin  (device code; administrators: ${[...emu.state.users.values()].filter((u) => u.admin).map((u) => u.userPrincipalName).join(', ') || 'none seeded'})`,
      `  Teams:     ${emu.state.teams.size}, users: ${emu.state.users.size}`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    emu.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`error while stopping: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
