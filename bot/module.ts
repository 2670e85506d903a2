/**
 * The bot as one capability: `POST /api/messages`, the outbox consumer and the durable
 * delivery queue. Built by the composition root from typed config and shared infrastructure.
 */
import type { Logger } from 'pino';
import type { Request, Response } from 'restify';
import { Counter } from 'prom-client';
import type { AlertOutbox } from '../connector/alerts/index.ts';
import type { AppConfig } from '../connector/config/index.ts';
import { AppError } from '../connector/errors.ts';
import { DEFAULT_BODY_LIMIT, readBody } from '../connector/http/server.ts';
import type { RawRoute } from '../connector/http/types.ts';
import { isLoopback } from '../connector/http/loopback.ts';
import type { Jobs } from '../connector/jobs/index.ts';
import type { GraphClient } from '../connector/graph/index.ts';
import type { Metrics } from '../connector/observability/metrics.ts';
import type { Store } from '../connector/store/index.ts';
import type { SyncService } from '../connector/sync/service.ts';
import { deliver } from './alerts/deliver.ts';
import { createTeamDirectory } from './alerts/directory.ts';
import { graphAppInstaller, requestInstallOnce } from './alerts/install.ts';
import { graphTeamOwners } from './alerts/owners.ts';
import { dispatchPending } from './alerts/dispatch.ts';
import type { BotChannel } from './channel.ts';
import { BOT_FRAMEWORK_ISSUER, botFrameworkKeys, claimedIssuer, createBotTokenVerifier, sameServiceUrl, type BotTokenFailure, type VerifiedChannel } from './auth.ts';
import { botConfigFrom } from './config.ts';
import { createHandlers } from './handlers.ts';
import { createTeamsChannel } from './teams/index.ts';

export interface BotDeps {
  config: AppConfig;
  store: Store;
  jobs: Jobs;
  log: Logger;
  metrics: Metrics;
  alerts: AlertOutbox;
  /** The sync engine (Retry, status, failures); optional until a deployment wires it. */
  sync?: SyncService;
  /** Microsoft Graph (the sync engine's client): team owners as recipients, and app installs. */
  graph?: GraphClient;
}

/** Structurally an `AppModule` of the composition root. */
export interface BotModule {
  name: 'bot';
  routes: RawRoute[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const DELIVERY_QUEUE = 'bot-deliver';
const WORKERS = 4;


export function createBotModule(deps: BotDeps): BotModule {
  const config = botConfigFrom(deps.config);
  const log = deps.log.child({ capability: 'bot' });
  const { store, jobs } = deps;
  const deliveries = new Counter({
    name: 'bot_card_deliveries_total',
    help: 'Alert card deliveries by outcome (sent, updated, retry, failed, awaiting_install).',
    labelNames: ['outcome'] as const,
    registers: [deps.metrics.registry],
  });
  const directory = createTeamDirectory({
    db: store,
    sync: deps.sync,
    ownersOf: deps.graph ? graphTeamOwners(deps.graph) : undefined,
    onOwnersError: (teamId, err) => log.warn({ teamId, err }, 'team owners lookup failed; alerting mapped managers only'),
  });

  const workerIds: string[] = [];
  const enqueue = async (ids: number[]) => {
    for (const deliveryId of ids) await jobs.boss.send(DELIVERY_QUEUE, { deliveryId });
    // Wake this instance's idle workers instead of waiting for their next poll.
    if (ids.length > 0) for (const id of workerIds) jobs.boss.notifyWorker(id);
  };

  const handlers = createHandlers({ store, directory, links: config.links, log, sync: () => deps.sync, enqueue });
  const channel: BotChannel = createTeamsChannel({
    botId: config.botId,
    botPassword: config.botPassword,
    tenantId: config.tenantId,
    db: store,
    handlers,
    log,
  });

  const installer =
    config.autoInstallAppId && deps.graph ? graphAppInstaller(deps.graph, config.autoInstallAppId) : undefined;
  const deliverDeps = {
    store,
    channel,
    directory,
    links: config.links,
    log,
    retryPolicy: config.retry,
    requeue: async (deliveryId: number, waitMs: number) => {
      // A little after the lease ends, so the retry finds the delivery free.
      await jobs.boss.send(DELIVERY_QUEUE, { deliveryId }, { startAfter: new Date(Date.now() + waitMs + 250) });
      if (waitMs === 0) for (const id of workerIds) jobs.boss.notifyWorker(id);
    },
    count: (outcome: string) => deliveries.inc({ outcome }),
    installApp: installer
      ? async (userId: string) => {
          const result = await requestInstallOnce(store, installer, userId);
          if (result) log.info({ outcome: result.outcome, detail: result.detail }, 'app install for a manager requested through Graph');
        }
      : undefined,
  };

  // One consumer run at a time per instance; a notify during a run schedules one more.
  let running: Promise<void> | undefined;
  let again = false;
  const dispatchNow = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        let result;
        do {
          result = await dispatchPending(store, directory, config.noise, (eventId, problem) =>
            log.error({ eventId, problem }, 'alert event set aside: it does not match the alert schema'),
          );
          if (result.unaddressed > 0) log.warn({ unaddressed: result.unaddressed }, 'alerts for teams with no manager or owner');
          await enqueue(result.deliveryIds);
        } while (result.events > 0);
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const kick = () => {
    dispatchNow().catch((err: unknown) => log.error({ err }, 'alert dispatch failed; will retry on the next poll'));
  };

  const sweep = async () => {
    // Deliveries whose job was lost (a crash between commit and enqueue, or an expired lease).
    const stale = await store.query<{ id: number }>(
      `SELECT id FROM bot_deliveries WHERE state = 'pending' AND updated_at < now() - interval '30 seconds'
       AND (lease_until IS NULL OR lease_until < now() - interval '10 seconds') LIMIT 500`,
    );
    await enqueue(stale.map((r) => r.id));
  };

  let unsubscribe: (() => void) | undefined;
  let poll: NodeJS.Timeout | undefined;
  let sweeper: NodeJS.Timeout | undefined;

  const verifier = config.anonymous
    ? undefined
    : createBotTokenVerifier(
        { botId: config.botId!, issuer: BOT_FRAMEWORK_ISSUER, clockToleranceSeconds: 300 },
        botFrameworkKeys(config.keysUrl),
      );
  /** 401 with a short body and one warning line: the reason and claimed issuer, never the token. */
  const refuse = (req: Request, res: Response, reason: BotTokenFailure) => {
    log.warn({ reqId: (req as Request & { requestId?: string }).requestId, reason, claimedIssuer: claimedIssuer(req.headers.authorization) }, 'bot request refused');
    req.resume();
    const status = reason === 'keys_unavailable' ? 503 : 401;
    const payload = JSON.stringify(
      status === 503
        ? { error: { code: 'unavailable', message: 'The signing keys could not be fetched; try again shortly.' } }
        : { error: { code: 'unauthorized', message: 'The request is not from the Bot Framework.' } },
    );
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(payload)) });
    res.end(payload);
  };

  const route: RawRoute = {
    method: 'POST',
    path: '/api/messages',
    async raw(req: Request, res: Response) {
      const remote = req.socket.remoteAddress ?? '';
      if (config.anonymous && !isLoopback(remote)) {
        // Without BOT_ID nothing is authenticated, which is only acceptable on this machine.
        throw new AppError('forbidden', 'The bot runs without credentials (local mode) and only accepts loopback traffic.');
      }
      let verified: VerifiedChannel | undefined;
      if (verifier) {
        const result = await verifier.verify(req.headers.authorization);
        if (!result.ok) return refuse(req, res, result.error);
        verified = result.value;
      }
      const raw = await readBody(req, DEFAULT_BODY_LIMIT);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AppError('bad_request', 'The activity is not valid JSON.');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('bad_request', 'The activity must be a JSON object.');
      // A token issued for another Bot Connector must not make us call that one.
      if (verified && !sameServiceUrl(verified.serviceUrl, (body as { serviceUrl?: unknown }).serviceUrl)) {
        return refuse(req, res, 'service_url_mismatch');
      }
      const out = await channel.process({ headers: req.headers, body });
      const payload = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
      res.writeHead(out.status, {
        'content-type': typeof out.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(payload)),
      });
      res.end(payload);
    },
  };

  return {
    name: 'bot',
    routes: [route],
    async start() {
      await jobs.boss.createQueue(DELIVERY_QUEUE, {
        name: DELIVERY_QUEUE,
        retryLimit: 5,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: 300,
      });
      // A few workers per instance: one slow or throttled chat must not hold up the others.
      for (let i = 0; i < WORKERS; i++) {
        workerIds.push(
          await jobs.work<{ deliveryId: number }>(
            DELIVERY_QUEUE,
            { batchSize: 1, pollingIntervalSeconds: 1 },
            async ([job]) => {
              if (!job) return;
              const outcome = await deliver(deliverDeps, job.data.deliveryId);
              log.debug({ deliveryId: job.data.deliveryId, outcome }, 'card delivery');
            },
          ),
        );
      }
      unsubscribe = deps.alerts.subscribe(kick);
      poll = setInterval(kick, config.pollIntervalMs);
      sweeper = setInterval(() => {
        sweep().catch((err: unknown) => log.error({ err }, 'delivery sweep failed'));
      }, 30_000);
      kick();
      await sweep();
    },
    async stop() {
      unsubscribe?.();
      if (poll) clearInterval(poll);
      if (sweeper) clearInterval(sweeper);
      await running?.catch(() => undefined);
      await jobs.boss.offWork(DELIVERY_QUEUE);
      workerIds.length = 0;
    },
  };
}
