/**
 * A local stand-in for the Bot Connector service: records what the bot posts and edits and
 * answers like the real one (`{ id }` for a new message, `{ id }` for an edit). It can be told
 * to fail the next calls (503, 429 with Retry-After) to exercise delivery retries.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The message id: assigned by us for POST, from the path for PUT. */
  activityId: string;
  /** Path suffix for replies (`/v3/conversations/{id}/activities/{replyToId}`). */
  replyToId: string | undefined;
  activity: Record<string, unknown>;
  authorization: string | undefined;
}

export interface Failure {
  status: number;
  retryAfterSeconds?: number;
}

export interface ConnectorStandIn {
  url: string;
  /** Successful calls, in order. */
  activities: CapturedActivity[];
  /** Every request, including the ones answered with a failure. */
  attempts: Array<{ method: string; path: string; status: number; at: number }>;
  /** Answers the next calls with these failures, one each. */
  failNext(...failures: Failure[]): void;
  /** Forgets everything captured and any queued failures. */
  reset(): void;
  /** Adaptive Card of a captured activity (first attachment). */
  cardOf(a: CapturedActivity): Record<string, unknown>;
  /** Resolves when `predicate` holds for the captured activities (polls). */
  waitFor(predicate: (all: CapturedActivity[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startConnectorStandIn(): Promise<ConnectorStandIn> {
  const activities: CapturedActivity[] = [];
  const attempts: ConnectorStandIn['attempts'] = [];
  const failures: Failure[] = [];
  let next = 1;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readJson(req);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      if (!m || (req.method !== 'POST' && req.method !== 'PUT')) {
        attempts.push({ method: req.method ?? '', path, status: 404, at: Date.now() });
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'NotFound' } }));
        return;
      }
      const failure = failures.shift();
      if (failure) {
        attempts.push({ method: req.method, path, status: failure.status, at: Date.now() });
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (failure.retryAfterSeconds !== undefined) headers['retry-after'] = String(failure.retryAfterSeconds);
        res.writeHead(failure.status, headers);
        res.end(JSON.stringify({ error: { code: 'ServiceError', message: 'try later' } }));
        return;
      }
      attempts.push({ method: req.method, path, status: 200, at: Date.now() });
      const conversationId = decodeURIComponent(m[1]!);
      const pathId = m[2] ? decodeURIComponent(m[2]) : undefined;
      const activityId = req.method === 'PUT' ? pathId! : `msg-${next++}`;
      activities.push({
        method: req.method,
        conversationId,
        activityId,
        replyToId: req.method === 'POST' ? pathId : undefined,
        activity: body,
        authorization: req.headers.authorization,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: activityId }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    activities,
    attempts,
    failNext: (...f) => failures.push(...f),
    reset() {
      activities.length = 0;
      attempts.length = 0;
      failures.length = 0;
    },
    cardOf(a) {
      const attachments = a.activity.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
      const card = attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive');
      if (!card) throw new Error(`activity ${a.activityId} has no Adaptive Card`);
      return card.content;
    },
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(activities)) {
        if (Date.now() > deadline) throw new Error(`timed out; captured ${JSON.stringify(activities.map((a) => [a.method, a.activityId]))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/**
 * A card's JSON as a reader sees its words: card text is markdown with data escaped
 * (`MAX\_HOURS`), so the backslashes of those escapes are dropped before comparing.
 */
export function shownText(card: unknown): string {
  return JSON.stringify(card).replace(/\\\\(.)/g, '$1');
}
