import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALICE, TEAM, appToken, graph, startEmulator } from './support.ts';

describe('emulator state across restarts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-state-'));
  const statePath = join(dir, 'emulator-state.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps schedules and entities in statePath (mode 0600) and loads them on the next start', async () => {
    const first = await startEmulator({ statePath, throttle: { enabled: false } });
    const g1 = graph(first.url, await appToken(first.url));
    await g1('PUT', `/v1.0/teams/${TEAM}/schedule`, { enabled: true, timeZone: 'Europe/Paris' });
    const group = await g1('POST', `/v1.0/teams/${TEAM}/schedule/schedulingGroups`, { displayName: 'Floor', isActive: true, userIds: [ALICE] });
    await first.emu.close();
    expect(statSync(statePath).mode & 0o777).toBe(0o600);

    const second = await startEmulator({ statePath, throttle: { enabled: false } });
    const g2 = graph(second.url, await appToken(second.url));
    const schedule = await g2('GET', `/v1.0/teams/${TEAM}/schedule`);
    expect(schedule.json.timeZone).toBe('Europe/Paris');
    const again = await g2('GET', `/v1.0/teams/${TEAM}/schedule/schedulingGroups/${String(group.json.id)}`);
    expect(again.json).toMatchObject({ displayName: 'Floor', userIds: [ALICE] });
    await second.emu.close();
  });
});
