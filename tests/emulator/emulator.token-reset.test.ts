import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentialsProvider } from '../../connector/graph/auth.ts';
import type { Emulator } from '../../emulator/index.ts';
import { CLIENT, TENANT, startEmulator } from './support.ts';

/**
 * A kept-alive socket the local authority closes just as the next token request goes out fails
 * that request before the server read it (seen under load as doctor's "network_error"). The
 * loopback token client repeats such a request once on a fresh socket.
 */
describe('app-only tokens from the local authority', () => {
  let emu: Emulator;
  let proxy: Server;
  let proxyUrl: string;
  let resets = 0;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    ({ emu } = await startEmulator());
    const target = new URL(emu.url);
    // In front of the emulator: the first connection is reset as soon as a request arrives.
    proxy = createServer((client) => {
      sockets.add(client);
      client.once('data', (first) => {
        if (resets === 0) {
          resets++;
          client.resetAndDestroy();
          return;
        }
        const upstream = connect(Number(target.port), target.hostname, () => {
          upstream.write(first);
          client.pipe(upstream).pipe(client);
        });
        sockets.add(upstream);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => proxy.close(resolve));
    await emu.close();
  });

  it('gets a token when the authority resets the connection once', async () => {
    const tokens = clientCredentialsProvider({ ...CLIENT, tenantId: TENANT, authorityHost: proxyUrl, graphBaseUrl: `${emu.url}/v1.0` });
    await expect(tokens.getToken()).resolves.toMatch(/^ey/);
    expect(resets).toBe(1);
  });
});
