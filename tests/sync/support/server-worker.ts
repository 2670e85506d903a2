/**
 * A connector server process for the take-over tests: the real app built from the
 * environment (as the process entry builds it), listening, syncing whatever is due. The test
 * kills it with SIGKILL in the middle of a run.
 */
import { buildApp } from '../../../connector/app.ts';
import { loadConfig } from '../../../connector/config/index.ts';

const schema = process.env.CRASH_STORE_SCHEMA!;
const app = await buildApp(loadConfig(process.env, { dotenv: false }), { storeSchema: schema, jobsSchema: `${schema}_jobs`, jobPollingSeconds: 0.5 });
const { url } = await app.listen(0, '127.0.0.1');
process.stdout.write(`listening ${url} instance ${app.services.sync!.instanceId}\n`);
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
