/**
 * A connector process for the crash test: builds the real app from the environment and runs
 * one team's sync. The test kills it with SIGKILL in the middle.
 */
import { buildApp } from '../../../connector/app.ts';
import { loadConfig } from '../../../connector/config/index.ts';

const schema = process.env.CRASH_STORE_SCHEMA!;
const teamId = process.env.CRASH_TEAM_ID!;
const app = await buildApp(loadConfig(process.env, { dotenv: false }), { storeSchema: schema, jobsSchema: `${schema}_jobs` });
process.stdout.write('started\n');
const run = await app.services.sync!.runNow(teamId, 'initial');
process.stdout.write(`finished ${run.state}\n`);
await app.close();
