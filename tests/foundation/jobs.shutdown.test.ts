import { afterEach, describe, expect, it } from 'vitest';
import { createJobs, type Jobs } from '../../connector/jobs/index.ts';
import { createLogger } from '../../connector/observability/log.ts';
import { openStore, type Store } from '../../connector/store/index.ts';
import { STORE_BACKENDS, TEST_DATABASE_URL, uniqueSchema } from '../support/env.ts';

const QUEUE = 'shutdown-test';

interface Rig {
  store: Store;
  jobs: Jobs;
  schema: string;
  /** Unhandled rejections seen while the rig was open (pg-boss's unawaited writes end up there). */
  unhandled: unknown[];
  dispose(): void;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    rig.dispose();
    await rig.store.close().catch(() => undefined);
  }
});

async function rig(backend: 'pglite' | 'postgres'): Promise<Rig> {
  const store =
    backend === 'postgres'
      ? await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: 'memory://', schema: uniqueSchema() })
      : await openStore({ dataDir: 'memory://' });
  const schema = uniqueSchema('jobs');
  const jobs = createJobs(store, createLogger({ level: 'silent' }), { schema, pollingIntervalSeconds: 0.5 });
  await jobs.start();
  await jobs.boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 3, retryDelay: 60 });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const r: Rig = { store, jobs, schema, unhandled, dispose: () => void process.off('unhandledRejection', onUnhandled) };
  rigs.push(r);
  return r;
}

/** A handler that signals when it starts and finishes when the test says so. */
function gatedHandler() {
  let started!: () => void;
  let release!: () => void;
  const startedP = new Promise<void>((r) => (started = r));
  const released = new Promise<void>((r) => (release = r));
  let finished = false;
  return {
    started: startedP,
    release,
    get finished() {
      return finished;
    },
    handler: async () => {
      started();
      await released;
      finished = true;
      return { done: true };
    },
  };
}

const jobState = async (r: Rig, id: string) =>
  (await r.store.query<{ state: string; output: unknown }>(`SELECT state, output FROM ${r.schema}.job WHERE id = $1`, [id]))[0];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A rig whose one job's handler has started and waits for `gate.release()`. */
async function runningJob(backend: 'pglite' | 'postgres') {
  const r = await rig(backend);
  const gate = gatedHandler();
  await r.jobs.work(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, gate.handler);
  const id = (await r.jobs.boss.send(QUEUE, {}))!;
  await gate.started;
  return { r, gate, id };
}

describe.each(STORE_BACKENDS)('job engine shutdown on %s', (backend) => {
  it('waits for a handler that finishes within the grace period and records its job as completed before returning', async () => {
    const { r, gate, id } = await runningJob(backend);

    const stopping = r.jobs.stop(5000);
    await sleep(300);
    gate.release();
    await stopping;

    // Read right after stop returned: the completion pg-boss writes unawaited is already in.
    expect(await jobState(r, id)).toMatchObject({ state: 'completed' });
    await r.store.close();
    await sleep(200);
    expect(r.unhandled).toEqual([]);
  });

  it('fails the job of a handler that outlives the grace period, so it runs again, and writes nothing after returning', async () => {
    const { r, gate, id } = await runningJob(backend);

    await r.jobs.stop(1000);
    // Not lost: failed with the shutdown as the reason, waiting for its retry.
    const failed = await jobState(r, id);
    expect(failed).toMatchObject({ state: 'retry' });
    expect(JSON.stringify(failed!.output)).toContain('interrupted by shutdown');
    await r.store.close();

    // The handler ends after the store closed; pg-boss must not try to record that.
    gate.release();
    await sleep(300);
    expect(gate.finished).toBe(true);
    expect(r.unhandled).toEqual([]);
  });
});
