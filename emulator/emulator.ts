import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { actRouter } from './act/routes.ts';
import { DeviceCodeStore } from './auth/deviceCodes.ts';
import { createIssuer, type TokenIssuer } from './auth/issuer.ts';
import { emulatorMsalConfig } from './auth/msal.ts';
import { authRouter } from './auth/routes.ts';
import type { EmulatorContext } from './context.ts';
import { authenticate, runGraphRequest } from './graph/dispatch.ts';
import { Throttle } from './graph/throttle.ts';
import { createEmuServer, listenOn } from './http/server.ts';
import { GraphError, graphErrorResponse, type EmuRequest, type EmuResponse } from './http/types.ts';
import { emulatorOptionsSchema, faultsSchema, throttleSchema, type EmulatorOptions, type EmulatorSettings, type FaultSettings, type ThrottleSettings } from './options.ts';
import { renderPage, snapshot } from './page.ts';
import { loadState, saveState } from './persist.ts';
import { applySeed, type SeedInput } from './seed.ts';
import { WfiClient } from './shifts/wfiClient.ts';
import { createState, type CallbackRecord, type EmulatorState } from './state.ts';
import type { Configuration } from '@azure/msal-node';

/** A running (or ready to run) Shifts emulator. */
export interface Emulator {
  readonly settings: EmulatorSettings;
  readonly state: EmulatorState;
  readonly issuer: TokenIssuer;
  /** Base URL once listening, e.g. `http://127.0.0.1:3979` (throws before `listen`). */
  readonly url: string;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Idempotent. */
  close(): Promise<void>;
  /** Adds users and teams (see `SeedInput`). */
  seed(input: SeedInput): void;
  /** Changes fault injection at run time (e.g. a demo of 5xx handling). */
  setFaults(faults: Partial<FaultSettings>): void;
  setThrottle(throttle: Partial<ThrottleSettings>): void;
  /** MSAL configuration for one of the configured clients (first by default). */
  msalConfig(clientId?: string): Configuration;
}

/** Observers of what the emulator does (the standalone process prints them). */
export interface EmulatorHooks {
  /** Called once per finished callback to a workforce integration (no bodies, no secrets). */
  onCallback?(record: CallbackRecord): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Creates the emulator: Graph (Shifts, teams, calendar), Entra (tokens, device-code sign-in, metadata, JWKS),
 * Shifts' callbacks to workforce integrations, simulated people and an inspection page.
 * It does not listen until `listen()`; it never reads the environment.
 */
export async function createEmulator(options: EmulatorOptions = {}, hooks: EmulatorHooks = {}): Promise<Emulator> {
  const settings = emulatorOptionsSchema.parse(options);
  const state = createState();
  if (settings.statePath) loadState(settings.statePath, state);
  const issuer = await createIssuer(settings.tenantId);
  let listeningUrl: string | undefined;
  const ctx: EmulatorContext = {
    settings,
    state,
    issuer,
    issuerBase: () => settings.publicUrl?.replace(/\/+$/, '') ?? listeningUrl ?? 'http://127.0.0.1',
    throttle: new Throttle(settings.throttle),
    wfi: new WfiClient(state, settings),
    deviceCodes: new DeviceCodeStore(),
  };
  const auth = authRouter();
  const act = actRouter();

  async function graph(req: EmuRequest): Promise<EmuResponse | 'dropped'> {
    const m = /^\/(v1\.0|beta)(\/.*)?$/i.exec(req.path);
    const version = m![1]!.toLowerCase() === 'beta' ? 'beta' : 'v1.0';
    const f = settings.faults;
    if (f.latencyMs > 0 || f.latencyJitterMs > 0) await sleep(f.latencyMs + Math.random() * f.latencyJitterMs);
    if (f.timeoutRate > 0 && Math.random() < f.timeoutRate) {
      await sleep(f.timeoutMs);
      return 'dropped';
    }
    if (f.errorRate > 0 && Math.random() < f.errorRate) {
      return graphErrorResponse(
        new GraphError(503, 'ServiceNotAvailable', 'The service is temporarily unavailable (injected fault).', { 'retry-after': '1' }),
        randomUUID(),
      );
    }
    const who = await authenticate(ctx, req);
    if (!('appId' in who)) return who;
    const answer = await runGraphRequest(ctx, version, who.appId, { ...req, path: m![2] ?? '/' }, who.user);
    if (f.loseAnswers > 0 && req.method !== 'GET') {
      // Applied, but the caller never learns it: the case a client must re-check, not redo blindly.
      f.loseAnswers--;
      await sleep(f.timeoutMs);
      return 'dropped';
    }
    return answer;
  }

  // Writes are saved shortly after they happen (debounced) and on close.
  let saveTimer: NodeJS.Timeout | undefined;
  const persist = () => {
    if (settings.statePath) saveState(settings.statePath, state);
  };
  const scheduleSave = () => {
    if (!settings.statePath || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      persist();
    }, 250);
    saveTimer.unref();
  };

  // Callbacks finish before the request that caused them answers; report each once.
  const reported = new WeakSet<CallbackRecord>();
  const reportCallbacks = () => {
    if (!hooks.onCallback) return;
    for (const c of [...state.callbacks].reverse()) {
      if (c.outcome === 'pending' || reported.has(c)) continue;
      reported.add(c);
      hooks.onCallback(c);
    }
  };

  async function handle(req: EmuRequest): Promise<EmuResponse | 'dropped'> {
    const res = await route(req);
    if (req.method !== 'GET') {
      scheduleSave();
      reportCallbacks();
    }
    return res;
  }

  /** `PUT /_emulator/faults` and `/_emulator/throttle`: change behaviour at run time (demos). */
  function tune(req: EmuRequest): EmuResponse | undefined {
    if (req.method !== 'PUT' || (req.path !== '/_emulator/faults' && req.path !== '/_emulator/throttle')) return undefined;
    const faults = req.path === '/_emulator/faults';
    const parsed = (faults ? faultsSchema : throttleSchema).partial().strict().safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return graphErrorResponse(new GraphError(400, 'BadRequest', `${issue.path.join('.') || 'body'}: ${issue.message}`), randomUUID());
    }
    if (faults) Object.assign(settings.faults, parsed.data);
    else {
      Object.assign(settings.throttle, parsed.data);
      ctx.throttle.configure(settings.throttle);
    }
    return { status: 200, json: faults ? settings.faults : settings.throttle };
  }

  async function route(req: EmuRequest): Promise<EmuResponse | 'dropped'> {
    if (/^\/(v1\.0|beta)(\/|$)/i.test(req.path)) return graph(req);
    if (req.method === 'GET' && /^\/_emulator\/?$/.test(req.path)) {
      return { status: 200, text: renderPage(state), contentType: 'text/html; charset=utf-8' };
    }
    if (req.method === 'GET' && req.path === '/_emulator/state') return { status: 200, json: snapshot(state) };
    const tuned = tune(req);
    if (tuned) return tuned;
    // The device sign-in's approval API lives with Entra's routes; the rest of `/_emulator/` acts as people.
    const router = req.path.startsWith('/_emulator/') && !/^\/_emulator\/device\//i.test(req.path) ? act : auth;
    const hit = router.match(req.method, req.path);
    if (hit === 'method') return graphErrorResponse(new GraphError(405, 'MethodNotAllowed', `${req.method} is not allowed here.`), randomUUID());
    if (!hit) return graphErrorResponse(new GraphError(404, 'NotFound', `Nothing at ${req.path}.`), randomUUID());
    try {
      return await hit.handler(req, hit.params, ctx);
    } catch (e) {
      if (e instanceof GraphError) return graphErrorResponse(e, randomUUID());
      throw e;
    }
  }

  let server: Server | undefined;
  let closing: Promise<void> | undefined;
  return {
    settings,
    state,
    issuer,
    get url() {
      if (!listeningUrl) throw new Error('The emulator is not listening yet.');
      return listeningUrl;
    },
    async listen(port = 3979, host = '127.0.0.1') {
      server = createEmuServer((req) => handle(req));
      const actual = await listenOn(server, port, host);
      listeningUrl = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
      return { port: actual, url: listeningUrl };
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        clearTimeout(saveTimer);
        persist();
        if (!server) return resolve();
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      });
      return closing;
    },
    seed(input) {
      applySeed(state, input);
      scheduleSave();
    },
    setFaults(faults) {
      Object.assign(settings.faults, faults);
    },
    setThrottle(throttle) {
      Object.assign(settings.throttle, throttle);
      ctx.throttle.configure(settings.throttle);
    },
    msalConfig(clientId) {
      const client = settings.clients.find((c) => clientId === undefined || c.clientId === clientId);
      if (!client) throw new Error(`No client '${clientId ?? ''}' is configured in the emulator.`);
      return emulatorMsalConfig({
        emulatorUrl: ctx.issuerBase(),
        tenantId: settings.tenantId,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
      });
    },
  };
}
