/**
 * The benchmark's Shifts emulator, in its own process so the connector's memory is measured
 * alone: Graph's documented limits, the seed from BENCH_SEED, and the connector's
 * workforce integration registered up front with callbacks off (the benchmark measures the
 * engine against Graph's limits, not the webhook).
 */
import { readFileSync } from 'node:fs';
import { createEmulator, preregisterLocalIntegration, type SeedInput } from '../emulator/index.ts';

const seed = JSON.parse(readFileSync(process.env.BENCH_SEED!, 'utf8')) as SeedInput;
const emu = await createEmulator({
  tenantId: process.env.BENCH_TENANT!,
  clients: [{ clientId: process.env.BENCH_CLIENT_ID!, clientSecret: process.env.BENCH_CLIENT_SECRET! }],
  pageSize: 500,
  throttle: { enabled: true, perTeamPerSecond: 4, tenantWritesPerSecond: 30, tenantDeletesPerSecond: 15, tenantReadsPerSecond: 30 },
});
emu.seed(seed);
const { url } = await emu.listen(0, '127.0.0.1');
preregisterLocalIntegration(emu, { url: 'http://127.0.0.1:9/wfi', secret: process.env.BENCH_WFI_SECRET!, id: process.env.BENCH_WFI_ID!, supportedEntities: 'none' });
process.stdout.write(`READY ${url}\n`);
process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
