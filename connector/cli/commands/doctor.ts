/**
 * `doctor`: the troubleshooting section of Microsoft's custom-integration guide as one
 * command. Every check prints a verdict (ok / warn / fail) and what to do; the exit code is 1
 * when any check fails.
 */
import { describeModes, effectiveModes, listTeamMappings, validateMappings } from '../../mappings/index.ts';
import type { CliContext } from '../context.ts';

export type Verdict = 'ok' | 'warn' | 'fail';
export interface Check {
  name: string;
  verdict: Verdict;
  detail: string;
}

const DAY = 86_400_000;

/** Verdict on the Entra client secret's expiry date. */
export function secretExpiryCheck(expiresAt: string | undefined, localMode: boolean, now: number): Check {
  const name = 'Entra client secret valid for 90+ days';
  if (localMode) return { name, verdict: 'ok', detail: 'local mode: the emulator issues the credentials' };
  if (!expiresAt) return { name, verdict: 'warn', detail: 'unknown: set CLIENT_SECRET_EXPIRES_AT (from the app registration) so expiry is watched' };
  const days = Math.floor((Date.parse(expiresAt) - now) / DAY);
  if (days < 0) return { name, verdict: 'fail', detail: `expired ${-days} days ago: create a new secret and update CLIENT_SECRET` };
  if (days < 90) return { name, verdict: 'warn', detail: `expires in ${days} days (${expiresAt}): rotate it soon` };
  return { name, verdict: 'ok', detail: `expires in ${days} days` };
}

export async function runChecks(ctx: CliContext, fetchImpl: typeof fetch = fetch, now = Date.now()): Promise<Check[]> {
  const checks: Check[] = [];
  const { config } = ctx;
  const add = (name: string, verdict: Verdict, detail: string) => checks.push({ name, verdict, detail });

  const secret = config.wfi.secrets[0] ?? '';
  add('WFI secret is 64 characters', secret.length === 64 ? 'ok' : 'fail', secret.length === 64 ? 'length 64' : `length ${secret.length}: Shifts requires exactly 64 (set WFI_SECRET)`);

  const wfiUrl = `${config.server.publicUrl}/wfi`;
  try {
    const res = await fetchImpl(`${wfiUrl}/v1/connect`, { method: 'POST', body: '', signal: AbortSignal.timeout(10_000) });
    // Without a valid encrypted body the endpoint refuses, which still proves it is there.
    const answers = res.status !== 404 && res.status < 500;
    add('this deployment answers /connect', answers ? 'ok' : 'fail', answers ? `${wfiUrl}/v1/connect answered HTTP ${res.status}` : `${wfiUrl}/v1/connect answered HTTP ${res.status}: is PUBLIC_URL right and the server running?`);
  } catch (e) {
    add('this deployment answers /connect', 'fail', config.localMode
      ? `${wfiUrl}/v1/connect is unreachable: the server is not running (start it with npm start)`
      : `${wfiUrl}/v1/connect is unreachable (${(e as Error).message}): check PUBLIC_URL, DNS and TLS`);
  }

  const sync = await ctx.sync();
  let tokenOk = false;
  try {
    await sync.tokens.getToken(true);
    tokenOk = true;
    add('a Graph token can be obtained', 'ok', `client ${config.graph.clientId ?? ''} at ${config.graph.authorityHost}`);
  } catch (e) {
    add('a Graph token can be obtained', 'fail', config.localMode
      ? `${(e as Error).message.split('\n')[0]}: the Shifts emulator runs inside npm start; start the server`
      : `${(e as Error).message.split('\n')[0]}: check CLIENT_ID, CLIENT_SECRET, TENANT_ID and admin consent`);
  }

  if (!config.wfi.id) {
    add('workforce integration exists', 'fail', 'WFI_ID is not set: run register');
  } else if (tokenOk) {
    const wfi = await sync.graph.request<{ isActive?: boolean; url?: string; apiVersion?: number }>({ method: 'GET', path: `/teamwork/workforceIntegrations/${encodeURIComponent(config.wfi.id)}` });
    if (!wfi.ok) {
      const forbidden = wfi.error.status === 403;
      add('workforce integration exists', forbidden ? 'warn' : 'fail', forbidden ? 'cannot read integrations with the app token (delegated only in this tenant); check in Graph Explorer' : `${config.wfi.id}: ${wfi.error.code}: ${wfi.error.message}`);
    } else {
      const w = wfi.value.body ?? {};
      add('workforce integration exists', 'ok', config.wfi.id);
      add('integration is active', w.isActive === true ? 'ok' : 'fail', w.isActive === true ? 'isActive: true' : 'isActive is false: Shifts does not call it');
      add('integration points at this deployment', w.url === wfiUrl ? 'ok' : 'fail', w.url === wfiUrl ? wfiUrl : `url is ${w.url ?? '(none)'}, this deployment is ${wfiUrl}: run register`);
      add('integration apiVersion is 1', w.apiVersion === 1 ? 'ok' : 'fail', `apiVersion ${String(w.apiVersion)}`);
    }
  }

  const app = await ctx.app();
  const teams = (await listTeamMappings(app.store)).filter((t) => t.enabled);
  if (teams.length === 0) add('mapped schedules use the integration', 'warn', 'no team is mapped yet');
  for (const t of teams) {
    const modes = effectiveModes({ mode: config.sync.mode, oneWayAllowed: config.sync.oneWayAllowed }, t.syncModes);
    add(`sync modes of ${t.teamId}`, 'ok', describeModes(modes));
  }
  for (const t of tokenOk ? teams : []) {
    const s = await sync.graph.request<{ enabled?: boolean; workforceIntegrationIds?: string[] }>({ method: 'GET', path: `/teams/${encodeURIComponent(t.teamId)}/schedule`, teamId: t.teamId });
    const ok = s.ok && s.value.body?.enabled === true && (s.value.body.workforceIntegrationIds ?? [])[0] === config.wfi.id;
    add(`schedule of ${t.teamId} uses the integration`, ok ? 'ok' : 'fail', ok ? 'enabled' : s.ok ? `enabled=${String(s.value.body?.enabled)}, integrations=${JSON.stringify(s.value.body?.workforceIntegrationIds ?? [])}: run enable --team ${t.teamId}` : `${s.error.code}: ${s.error.message}`);
  }

  const report = await validateMappings(app.store, sync.wfm);
  const gaps = report.unmappedTeams.length + report.unmappedEmployees.length + report.unknownEmployees.length + report.unknownWfmTeams.length;
  add('mappings are complete', report.ok ? 'ok' : 'fail', report.ok ? 'every WFM team and employee is mapped' : `${gaps} gaps: run map check for the list`);

  if (tokenOk) checks.push(...(await mailboxScopeChecks(ctx, sync.graph)));
  checks.push(secretExpiryCheck(config.graph.clientSecretExpiresAt, config.localMode, now));
  return checks;
}

/** Prints every check (or one JSON document with `json`); exit 1 when any check fails. */
type GraphLike = Awaited<ReturnType<CliContext['sync']>>['graph'];

/**
 * Outlook push reaches workers' mailboxes with `Calendars.ReadWrite`, which Entra grants for
 * every mailbox; an Exchange Online RBAC for Applications scope narrows it (docs/admin-guide.md).
 * With a sample worker configured, the push must reach that mailbox; with a user outside the
 * scope configured, it must be refused there (403), which proves the scope is in force.
 */
async function mailboxScopeChecks(ctx: CliContext, graph: GraphLike): Promise<Check[]> {
  const { push, scopeCheck } = ctx.config.calendar;
  const checks: Check[] = [];
  if (push !== 'on') return checks;
  const probe = (userId: string) => graph.request<unknown>({ method: 'GET', path: `/users/${encodeURIComponent(userId)}/calendar/events?$top=1&$select=id` });
  if (!scopeCheck.sampleUserId && !scopeCheck.outsideUserId) {
    checks.push({ name: 'Outlook push is limited to the workers\' mailboxes', verdict: 'warn', detail: 'not checked: set CALENDAR_SCOPE_SAMPLE_USER and CALENDAR_SCOPE_OUTSIDE_USER after scoping Calendars.ReadWrite (admin guide)' });
    return checks;
  }
  if (scopeCheck.sampleUserId) {
    const r = await probe(scopeCheck.sampleUserId);
    checks.push(r.ok
      ? { name: 'Outlook push reaches a worker\'s mailbox', verdict: 'ok', detail: `mailbox of ${scopeCheck.sampleUserId} answered` }
      : { name: 'Outlook push reaches a worker\'s mailbox', verdict: 'fail', detail: `mailbox of ${scopeCheck.sampleUserId}: ${r.error.code}: ${r.error.message.split('\n')[0]}: add the worker to the scope's group` });
  }
  if (scopeCheck.outsideUserId) {
    const r = await probe(scopeCheck.outsideUserId);
    const refused = !r.ok && r.error.status === 403;
    checks.push(refused
      ? { name: 'Outlook push cannot reach mailboxes outside the scope', verdict: 'ok', detail: `mailbox of ${scopeCheck.outsideUserId} refused (403)` }
      : { name: 'Outlook push cannot reach mailboxes outside the scope', verdict: 'fail', detail: r.ok ? `mailbox of ${scopeCheck.outsideUserId} is reachable: Calendars.ReadWrite covers every mailbox; assign it through an RBAC for Applications management scope (admin guide)` : `mailbox of ${scopeCheck.outsideUserId}: ${r.error.code}: ${r.error.message.split('\n')[0]}` });
  }
  return checks;
}

export async function doctorCommand(ctx: CliContext, opts: { fetch?: typeof fetch; json?: boolean } = {}): Promise<number> {
  const checks = await runChecks(ctx, opts.fetch);
  const failed = checks.filter((c) => c.verdict === 'fail').length;
  if (opts.json) {
    ctx.io.out(JSON.stringify({ healthy: failed === 0, failed, checks }));
    return failed === 0 ? 0 : 1;
  }
  const mark: Record<Verdict, string> = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL' };
  for (const c of checks) ctx.io.out(`${mark[c.verdict]} ${c.name}: ${c.detail}`);
  ctx.io.out(failed === 0 ? 'Verdict: healthy.' : `Verdict: ${failed} check${failed === 1 ? '' : 's'} failed.`);
  return failed === 0 ? 0 : 1;
}
