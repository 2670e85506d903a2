import { randomUUID } from 'node:crypto';
import { encryptWfiPayload } from '../../connector/crypto/index.ts';
import type { EmulatorSettings } from '../options.ts';
import { validateBody } from '../schema/validate.ts';
import type { CallbackRecord, EmulatedIntegration, EmulatorState, GraphObject } from '../state.ts';

/** One item of a `WfiRequestContainer`. */
export interface WfiItem {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** e.g. `/shifts/SHFT_...` */
  url: string;
  body: GraphObject | null;
}

/** What Shifts shows when the integration's answer is unusable (after retries). */
export const INVALID_DATA_MESSAGE = 'The workforce integration setup on your team has responded with invalid data.';
/** What Shifts shows when the integration refused an item without a message. */
export const REJECTED_MESSAGE = "Sorry, your change couldn't be completed.";

export type UpdateOutcome =
  | { kind: 'approved' }
  | { kind: 'rejected'; message: string; code: string | undefined }
  | { kind: 'invalid'; message: string };

export type ReadOutcome = { kind: 'ok'; data: string[] } | { kind: 'rejected'; message: string } | { kind: 'invalid'; message: string };

interface Answer {
  id: string;
  status: number;
  body?: { eTag?: string | null; error?: { code?: string; message?: string } | null; data?: string[] | null };
}

/**
 * Shifts' side of the workforce-integration protocol: encrypted POSTs to `/connect`,
 * `/teams/{id}/update` and `/teams/{id}/read`, with Shifts' retry rule (non-200 or unparsable
 * answers are retried, then reported as "responded with invalid data"). Every call is kept
 * in `state.callbacks` for the inspection page, without bodies.
 */
export class WfiClient {
  constructor(
    private readonly state: EmulatorState,
    private readonly settings: EmulatorSettings,
  ) {}

  /** Registration check: the integration must answer its `/connect` with HTTP 200. */
  async connect(integration: EmulatedIntegration, userId: string): Promise<{ ok: true } | { ok: false; message: string }> {
    const url = `${base(integration)}/connect`;
    const payload = { tenantId: this.settings.tenantId, userId };
    const record = this.record('connect', integration, undefined, url, undefined, []);
    const r = await this.post(url, integration.secret, payload, undefined, 1);
    record.attempts = r.attempts;
    if (r.status === 200) {
      record.outcome = 'approved';
      return { ok: true };
    }
    record.outcome = r.status === undefined ? 'unreachable' : 'invalid';
    const why = r.status === undefined ? r.attempts.at(-1)?.problem ?? 'no answer' : `HTTP ${r.status}`;
    return { ok: false, message: `The workforce integration did not accept the connection at ${url} (${why}).` };
  }

  /** Asks the integration to approve a write; resolves only with a decision, never throws. */
  async update(integration: EmulatedIntegration, teamId: string, items: WfiItem[], passthrough: string | undefined): Promise<UpdateOutcome> {
    const url = `${base(integration)}/teams/${encodeURIComponent(teamId)}/update`;
    const container = this.container(items);
    const record = this.record('update', integration, teamId, url, passthrough, container.requests);
    const r = await this.post(url, integration.secret, container, passthrough, this.settings.callbacks.attempts, (answer) =>
      checkAnswers(answer, container.requests.map((q) => q.id), true),
    );
    record.attempts = r.attempts;
    if (!r.answers) {
      record.outcome = r.status === undefined ? 'unreachable' : 'invalid';
      return { kind: 'invalid', message: INVALID_DATA_MESSAGE };
    }
    record.answers = r.answers.map((a) => ({ id: a.id, status: a.status, message: a.body?.error?.message ?? undefined }));
    const refused = r.answers.find((a) => a.status < 200 || a.status > 299);
    if (refused) {
      record.outcome = 'rejected';
      return { kind: 'rejected', message: refused.body?.error?.message || REJECTED_MESSAGE, code: refused.body?.error?.code ?? undefined };
    }
    record.outcome = 'approved';
    return { kind: 'approved' };
  }

  /** Eligibility filtering: returns the ids the integration says the user may pick. */
  async read(integration: EmulatedIntegration, teamId: string, url: string): Promise<ReadOutcome> {
    const target = `${base(integration)}/teams/${encodeURIComponent(teamId)}/read`;
    const container = this.container([{ method: 'GET', url, body: null }]);
    const record = this.record('read', integration, teamId, target, undefined, container.requests);
    const r = await this.post(target, integration.secret, container, undefined, this.settings.callbacks.attempts, (answer) =>
      checkAnswers(answer, container.requests.map((q) => q.id), false),
    );
    record.attempts = r.attempts;
    const answer = r.answers?.[0];
    if (!answer) {
      record.outcome = r.status === undefined ? 'unreachable' : 'invalid';
      return { kind: 'invalid', message: INVALID_DATA_MESSAGE };
    }
    if (answer.status < 200 || answer.status > 299) {
      record.outcome = 'rejected';
      record.answers = [{ id: answer.id, status: answer.status, message: answer.body?.error?.message ?? undefined }];
      return { kind: 'rejected', message: answer.body?.error?.message || REJECTED_MESSAGE };
    }
    record.outcome = 'approved';
    record.answers = [{ id: answer.id, status: answer.status, message: undefined }];
    return { kind: 'ok', data: answer.body?.data ?? [] };
  }

  private container(items: WfiItem[]) {
    const expires = new Date(Date.now() + this.settings.callbacks.expiresInSeconds * 1000).toISOString();
    const transactionId = randomUUID();
    return {
      requests: items.map((item) => ({
        id: randomUUID(),
        method: item.method,
        url: item.url,
        headers: { 'X-MS-Transaction-ID': transactionId, 'X-MS-Expires': expires },
        body: item.body,
      })),
    };
  }

  private record(
    kind: CallbackRecord['kind'],
    integration: EmulatedIntegration,
    teamId: string | undefined,
    url: string,
    passthrough: string | undefined,
    items: Array<{ id: string; method: string; url: string }>,
  ): CallbackRecord {
    const rec: CallbackRecord = {
      at: new Date().toISOString(),
      kind,
      integrationId: String(integration.props.id),
      teamId,
      url,
      passthrough,
      items: items.map(({ id, method, url: u }) => ({ id, method, url: u })),
      attempts: [],
      outcome: 'pending',
      answers: [],
    };
    this.state.callbacks.unshift(rec);
    this.state.callbacks.length = Math.min(this.state.callbacks.length, this.settings.callbacks.keep);
    return rec;
  }

  private async post(
    url: string,
    secret: string,
    payload: unknown,
    passthrough: string | undefined,
    attempts: number,
    parse?: (json: unknown) => Answer[] | string,
  ): Promise<{ status: number | undefined; answers: Answer[] | undefined; attempts: CallbackRecord['attempts'] }> {
    const log: CallbackRecord['attempts'] = [];
    let lastStatus: number | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(this.settings.callbacks.retryDelayMs);
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
      if (passthrough !== undefined) headers['x-ms-wfmpassthrough'] = passthrough;
      let res: Response;
      try {
        // A fresh IV/DEK per attempt, as a new HTTP request would get.
        res = await fetch(url, {
          method: 'POST',
          headers,
          body: new Uint8Array(encryptWfiPayload(JSON.stringify(payload), secret)),
          signal: AbortSignal.timeout(this.settings.callbacks.timeoutMs),
        });
      } catch (e) {
        lastStatus = undefined;
        log.push({ httpStatus: undefined, problem: (e as Error).message });
        continue;
      }
      lastStatus = res.status;
      const text = await res.text();
      if (res.status !== 200) {
        log.push({ httpStatus: res.status, problem: `HTTP ${res.status}` });
        continue;
      }
      if (!parse) {
        log.push({ httpStatus: 200, problem: undefined });
        return { status: 200, answers: [], attempts: log };
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        log.push({ httpStatus: 200, problem: 'the answer is not JSON' });
        continue;
      }
      const answers = parse(json);
      if (typeof answers === 'string') {
        log.push({ httpStatus: 200, problem: answers });
        continue;
      }
      log.push({ httpStatus: 200, problem: undefined });
      return { status: 200, answers, attempts: log };
    }
    return { status: lastStatus, answers: undefined, attempts: log };
  }
}

function base(integration: EmulatedIntegration): string {
  const url = String(integration.props.url).replace(/\/+$/, '');
  return `${url}/v${String(integration.props.apiVersion ?? 1)}`;
}

/**
 * A usable answer is a `WfiResponseContainer` answering every request id; an approved
 * `/update` item must carry an eTag (Shifts answers 502 on a null eTag).
 */
function checkAnswers(json: unknown, ids: string[], requireETag: boolean): Answer[] | string {
  const problem = validateBody('wfi.responseContainer', json);
  if (problem) return `not a WfiResponseContainer: ${problem}`;
  const answers = (json as { responses: Answer[] }).responses;
  for (const id of ids) {
    const a = answers.find((x) => x.id === id);
    if (!a) return `no response for request ${id}`;
    if (requireETag && a.status >= 200 && a.status <= 299 && !a.body?.eTag) return `response ${id} has no eTag`;
  }
  return answers.filter((a) => ids.includes(a.id));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
