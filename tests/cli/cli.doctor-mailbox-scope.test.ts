import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../connector/cli/main.ts';
import type { CliIo } from '../../connector/cli/io.ts';
import { DEMO_EMPLOYEES } from '../../connector/wfm/embedded/demo.ts';
import { DEMO_ADMIN, type Emulator } from '../../emulator/index.ts';
import { connectorEnv, startEmulator } from '../sync/support/harness.ts';

const WORKER = DEMO_EMPLOYEES[0]!.userId;

// Calendars.ReadWrite covers every mailbox; an Exchange RBAC for Applications scope limits it to
// the workers. doctor proves the scope: a worker's mailbox answers, one outside is refused.
describe('doctor checks the Outlook push mailbox scope', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ mailboxScope: [WORKER] });
  });
  afterAll(async () => emu?.close());

  const doctor = async () => {
    const lines: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), progress: () => undefined };
    const env = connectorEnv(emu, { DATA_DIR: 'memory://', LOG_LEVEL: 'silent', CALENDAR_PUSH: 'on', CALENDAR_SCOPE_SAMPLE_USER: WORKER, CALENDAR_SCOPE_OUTSIDE_USER: DEMO_ADMIN.id });
    await main(['doctor'], { env, io });
    return lines.join('\n');
  };

  it('passes when the worker is reachable and the admin mailbox is refused', async () => {
    const out = await doctor();
    expect(out).toContain(`OK   Outlook push reaches a worker's mailbox: mailbox of ${WORKER} answered`);
    expect(out).toContain(`OK   Outlook push cannot reach mailboxes outside the scope: mailbox of ${DEMO_ADMIN.id} refused (403)`);
  }, 60_000);

  it('fails when the permission still covers every mailbox', async () => {
    emu.settings.mailboxScope = undefined;
    try {
      const out = await doctor();
      expect(out).toMatch(new RegExp(`FAIL Outlook push cannot reach mailboxes outside the scope: mailbox of ${DEMO_ADMIN.id} is reachable`));
    } finally {
      emu.settings.mailboxScope = [WORKER];
    }
  }, 60_000);

  it('refuses calendar calls outside the scope with 403 ErrorAccessDenied (emulator)', async () => {
    const token = await (
      await fetch(`${emu.url}/${emu.settings.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.settings.clients[0]!.clientId, client_secret: emu.settings.clients[0]!.clientSecret, scope: 'https://graph.microsoft.com/.default' }),
      })
    ).json() as { access_token: string };
    const get = (user: string) => fetch(`${emu.url}/v1.0/users/${user}/calendar/events`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect((await get(WORKER)).status).toBe(200);
    const refused = await get(DEMO_ADMIN.id);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ErrorAccessDenied');
  });
});
