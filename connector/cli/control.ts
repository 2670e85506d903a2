/**
 * The control socket: the embedded store (PGlite) is single-process, so while the server runs
 * the CLI cannot open DATA_DIR itself. The server listens on a local socket inside DATA_DIR
 * (owner-only), runs the CLI command in its own process against its open store and streams the
 * output back; when nothing listens there the CLI opens the store itself.
 *
 * Protocol: one HTTP POST /run over the socket with `{ argv }`; the answer is NDJSON lines
 * `{ out }`, `{ err }`, `{ progress }` and a final `{ exit }`.
 */
import { createHash } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import type { CliIo } from './io.ts';

/** Where the server of `dataDir` listens (a named pipe on Windows, a socket file elsewhere). */
export function controlSocketPath(dataDir: string): string {
  if (process.platform === 'win32') {
    return `\\\\.\\pipe\\shifts-connector-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  }
  return join(dataDir, 'control.sock');
}

type Line = { out: string } | { err: string } | { progress: string } | { exit: number };

export interface ControlServer {
  close(): Promise<void>;
}

/**
 * Serves CLI commands for the running server. `run` executes one command with the given io;
 * the caller holds the data folder's lock, so a stale socket file from a crash is removed.
 */
export async function startControlServer(path: string, run: (argv: string[], io: CliIo) => Promise<number>): Promise<ControlServer> {
  if (process.platform !== 'win32') rmSync(path, { force: true });
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/run') {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      let argv: string[];
      try {
        const parsed = JSON.parse(body) as { argv?: unknown };
        if (!Array.isArray(parsed.argv) || !parsed.argv.every((a) => typeof a === 'string')) throw new Error('argv must be a list of strings');
        argv = parsed.argv as string[];
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end((err as Error).message);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const send = (line: Line) => res.write(`${JSON.stringify(line)}\n`);
      const io: CliIo = { out: (out) => send({ out }), err: (err) => send({ err }), progress: (progress) => send({ progress }) };
      run(argv, io)
        .then((exit) => res.end(`${JSON.stringify({ exit })}\n`))
        .catch((err: unknown) => {
          send({ err: `internal error: ${(err as Error).message}` });
          res.end(`${JSON.stringify({ exit: 4 })}\n`);
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Runs `argv` on the server listening at `path`, printing its output through `io`. Resolves
 * with the command's exit code, or `undefined` when no server listens there.
 */
export function callControl(path: string, argv: string[], io: CliIo): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: path, method: 'POST', path: '/run', headers: { 'content-type': 'application/json' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`the server's control socket answered HTTP ${res.statusCode ?? 0}`));
        return;
      }
      let buffer = '';
      let exit: number | undefined;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = JSON.parse(buffer.slice(0, nl)) as Line;
          buffer = buffer.slice(nl + 1);
          if ('out' in line) io.out(line.out);
          else if ('err' in line) io.err(line.err);
          else if ('progress' in line) io.progress(line.progress);
          else exit = line.exit;
        }
      });
      res.on('end', () => (exit === undefined ? reject(new Error('the server closed the control socket before the command finished')) : resolve(exit)));
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // No server (no socket file, or a stale one from a crash): the CLI opens the store itself.
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') resolve(undefined);
      else reject(err);
    });
    req.end(JSON.stringify({ argv }));
  });
}
