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

  checks.push(secretExpiryCheck(config.graph.clientSecretExpiresAt, config.localMode, now));
  return checks;
}

/** Prints every check (or one JSON document with `json`); exit 1 when any check fails. */
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
