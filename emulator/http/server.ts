import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { GraphError, graphErrorResponse, normalizeHeaders, type EmuRequest, type EmuResponse } from './types.ts';

const BODY_LIMIT = 4 * 1024 * 1024;

/** Handles one parsed request; `raw` lets fault injection hold or drop the connection. */
export type RequestHandler = (req: EmuRequest, raw: { socket: IncomingMessage['socket'] }) => Promise<EmuResponse | 'dropped'>;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new GraphError(413, 'RequestEntityTooLarge', 'The request body is larger than 4 MB.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, r: EmuResponse): void {
  const headers: Record<string, string> = { ...r.headers };
  let payload: string | undefined;
  if (r.text !== undefined) {
    payload = r.text;
    headers['content-type'] = r.contentType ?? 'text/plain; charset=utf-8';
  } else if (r.json !== undefined) {
    payload = JSON.stringify(r.json);
    headers['content-type'] = 'application/json; odata.metadata=minimal; charset=utf-8';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  else if (r.status !== 204) headers['content-length'] = '0';
  res.writeHead(r.status, headers);
  res.end(payload);
}

/** Plain node:http server that turns requests into `EmuRequest`s for `handler`. */
export function createEmuServer(handler: RequestHandler): Server {
  return createServer((req, res) => {
    void (async () => {
      let response: EmuResponse | 'dropped';
      try {
        const raw = await readBody(req);
        const url = new URL(req.url ?? '/', 'http://emulator.invalid');
        const headers = normalizeHeaders(req.headers);
        const rawBody = raw.toString('utf8');
        let body: unknown;
        if (rawBody.trim() !== '' && !/x-www-form-urlencoded/i.test(headers['content-type'] ?? '')) {
          try {
            body = JSON.parse(rawBody);
          } catch {
            throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
          }
        }
        const emuReq: EmuRequest = {
          method: (req.method ?? 'GET').toUpperCase(),
          path: url.pathname,
          query: url.searchParams,
          headers,
          body,
          rawBody,
          baseUrl: `http://${headers.host ?? '127.0.0.1'}`,
        };
        response = await handler(emuReq, { socket: req.socket });
      } catch (e) {
        const ge = e instanceof GraphError ? e : new GraphError(500, 'InternalServerError', (e as Error).message);
        response = graphErrorResponse(ge, randomUUID());
      }
      if (response === 'dropped') {
        req.socket.destroy();
        return;
      }
      send(res, response);
    })();
  });
}

export function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`The emulator cannot listen on ${host}:${port}: the port is in use (set EMULATOR_PORT).`) : err),
    );
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve((server.address() as AddressInfo).port);
    });
  });
}
