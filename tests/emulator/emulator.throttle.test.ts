import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.ts';
import { TEAM, appToken, graph, startEmulator } from './support.ts';

describe('Graph throttling in the emulator', () => {
  let emu: Emulator;
  let g: ReturnType<typeof graph>;

  beforeEach(async () => {
    let url: string;
    ({ emu, url } = await startEmulator({ throttle: { perTeamPerSecond: 4 } }));
    g = graph(url, await appToken(url));
  });
  afterEach(() => emu.close());

  it('answers a request over the per-team rate with 429 and a fractional Retry-After, then lets it through after waiting', async () => {
    // One request per second makes the second call throttled however slow the machine is.
    emu.setThrottle({ perTeamPerSecond: 1 });
    expect((await g('GET', `/v1.0/teams/${TEAM}`)).status).toBe(200);
    const throttled = await g('GET', `/v1.0/teams/${TEAM}`);
    expect(throttled.status).toBe(429);
    const retryAfter = throttled.headers.get('retry-after')!;
    expect(retryAfter).toMatch(/^\d+\.\d{3}$/);
    const seconds = Number(retryAfter);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(1);
    expect(throttled.json.error).toMatchObject({ code: 'TooManyRequests' });
    expect(throttled.headers.get('x-ratelimit-remaining')).toBe('0');

    await new Promise((r) => setTimeout(r, seconds * 1000 + 20));
    expect((await g('GET', `/v1.0/teams/${TEAM}`)).status).toBe(200);
  });

  it('throttles $batch items one by one: throttled items get 429 with their own Retry-After, dependants get 424', async () => {
    const requests = [
      ...Array.from({ length: 6 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: `/teams/${TEAM}` })),
      { id: '7', method: 'GET', url: `/teams/${TEAM}/members`, dependsOn: ['6'] },
    ];
    const res = await g('POST', '/v1.0/$batch', { requests });
    expect(res.status).toBe(200);
    const responses = res.json.responses as Array<{ id: string; status: number; headers: Record<string, string> }>;
    const byId = Object.fromEntries(responses.map((r) => [r.id, r]));
    expect(['1', '2', '3', '4'].map((id) => byId[id]!.status)).toEqual([200, 200, 200, 200]);
    expect(byId['5']!.status).toBe(429);
    expect(Number(byId['5']!.headers['Retry-After'])).toBeGreaterThan(0);
    expect(byId['5']!.headers['Retry-After']).toMatch(/\./);
    expect(byId['6']!.status).toBe(429);
    expect(byId['7']!.status).toBe(424);
  });

  it('refuses a batch of more than 20 requests', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: `/teams/${TEAM}` }));
    const res = await g('POST', '/v1.0/$batch', { requests });
    expect(res.status).toBe(400);
  });

  it('injects faults set at run time over HTTP: 503 with Retry-After at error rate 1', async () => {
    const set = await fetch(`${emu.url}/_emulator/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 1 }) });
    expect(await set.json()).toMatchObject({ errorRate: 1, latencyMs: 0, timeoutRate: 0 });
    const wrong = await fetch(`${emu.url}/_emulator/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 2 }) });
    expect(wrong.status).toBe(400);
    const res = await g('GET', `/v1.0/teams/${TEAM}`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    emu.setFaults({ errorRate: 0 });
    expect((await g('GET', `/v1.0/teams/${TEAM}`)).status).toBe(200);
  });

  it('drops the connection without an answer at timeout rate 1, and adds configured latency', async () => {
    emu.setFaults({ timeoutRate: 1, timeoutMs: 50 });
    await expect(g('GET', `/v1.0/teams/${TEAM}`)).rejects.toThrow();
    emu.setFaults({ timeoutRate: 0, latencyMs: 200 });
    const started = Date.now();
    expect((await g('GET', `/v1.0/teams/${TEAM}`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
