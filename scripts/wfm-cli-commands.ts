/**
 * The commands of `npm run wfm`: each turns arguments into one call of the running server's
 * WFM admin API (`/wfm-admin/`) and prints the answer for a person, times in the team's zone.
 */
export interface CliContext {
  call(method: string, path: string, body?: unknown): Promise<unknown>;
  print(line: string): void;
}

export interface Parsed {
  positionals: string[];
  values: Record<string, string | undefined>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

interface Shift {
  id: string;
  version: string;
  employeeId: string;
  jobId: string | null;
  start: string;
  end: string;
  activities: Array<{ start: string; end: string; displayName: string }>;
}

function need(p: Parsed, name: string): string {
  const v = p.values[name];
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

function positional(p: Parsed, index: number, what: string): string {
  const v = p.positionals[index];
  if (!v) throw new UsageError(`missing ${what}`);
  return v;
}

const enc = encodeURIComponent;

/** `Mon 23 Nov 09:00` in a zone. */
export function fmt(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(iso))
    .replace(',', '');
}

function timeOnly(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

function shiftLine(s: Shift, zone: string): string {
  const breaks = s.activities.length ? ` (break ${s.activities.map((a) => `${timeOnly(a.start, zone)}–${timeOnly(a.end, zone)}`).join(', ')})` : '';
  return `${s.id}  ${s.employeeId}  ${fmt(s.start, zone)}–${timeOnly(s.end, zone)}  ${s.jobId ?? '-'}  v${s.version}${breaks}`;
}

async function teams(ctx: CliContext): Promise<void> {
  const r = (await ctx.call('GET', '/teams')) as { items: Array<{ id: string; name: string; timeZone: string; rules: Record<string, unknown> }> };
  for (const t of r.items) {
    ctx.print(`${t.id}  ${t.name}  ${t.timeZone}`);
    ctx.print(`  rules: ${Object.entries(t.rules).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
  }
}

async function rules(ctx: CliContext, p: Parsed): Promise<void> {
  const action = positional(p, 1, 'rules action (set or reset)');
  const team = positional(p, 2, 'team id');
  if (action === 'reset') {
    await ctx.call('PUT', `/teams/${enc(team)}/rules`, {});
    ctx.print(`Rules of ${team} are back to the defaults.`);
    return;
  }
  if (action !== 'set') throw new UsageError(`unknown rules action "${action}" (set or reset)`);
  const all = (await ctx.call('GET', '/teams')) as { items: Array<{ id: string; overrides: Record<string, unknown> }> };
  const overrides: Record<string, unknown> = { ...(all.items.find((t) => t.id === team)?.overrides ?? {}) };
  for (const pair of p.positionals.slice(3)) {
    const m = /^(\w+)=(.+)$/.exec(pair);
    if (!m) throw new UsageError(`expected key=value, got "${pair}"`);
    const raw = m[2]!;
    overrides[m[1]!] = raw === 'true' ? true : raw === 'false' ? false : Number.isNaN(Number(raw)) ? raw : Number(raw);
  }
  const r = (await ctx.call('PUT', `/teams/${enc(team)}/rules`, overrides)) as { rules: Record<string, unknown> };
  ctx.print(`Rules of ${team}: ${Object.entries(r.rules).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
}

async function shift(ctx: CliContext, p: Parsed): Promise<void> {
  const action = positional(p, 1, 'shift action (list, add, move or delete)');
  const team = need(p, 'team');
  const base = `/teams/${enc(team)}/shifts`;
  if (action === 'list') {
    const qs = new URLSearchParams();
    if (p.values.from) qs.set('start', p.values.from);
    if (p.values.to) qs.set('end', p.values.to);
    const r = (await ctx.call('GET', `${base}${qs.size ? `?${qs}` : ''}`)) as { items: Shift[]; timeZone: string };
    const rows = p.values.employee ? r.items.filter((s) => s.employeeId === p.values.employee) : r.items;
    for (const s of rows) ctx.print(shiftLine(s, r.timeZone));
    ctx.print(`${rows.length} shift(s), times in ${r.timeZone}.`);
  } else if (action === 'add') {
    const body: Record<string, unknown> = { employeeId: need(p, 'employee'), start: need(p, 'start'), end: need(p, 'end') };
    if (p.values.job) body.jobId = p.values.job;
    if (p.values.label) body.label = p.values.label;
    if (p.values.notes) body.notes = p.values.notes;
    if (p.values.break) body.breakMinutes = Number(p.values.break);
    const r = (await ctx.call('POST', base, body)) as { id: string; version: string };
    ctx.print(`Added shift ${r.id} (version ${r.version}).`);
  } else if (action === 'move') {
    const id = positional(p, 2, 'shift id');
    const body: Record<string, unknown> = {};
    if (p.values.start) body.start = p.values.start;
    if (p.values.end) body.end = p.values.end;
    if (p.values.employee) body.employeeId = p.values.employee;
    if (Object.keys(body).length === 0) throw new UsageError('give --start, --end or --employee');
    const r = (await ctx.call('PATCH', `${base}/${enc(id)}`, body)) as { id: string; version: string };
    ctx.print(`Moved shift ${r.id} (version ${r.version}).`);
  } else if (action === 'delete') {
    const id = positional(p, 2, 'shift id');
    await ctx.call('DELETE', `${base}/${enc(id)}`);
    ctx.print(`Deleted shift ${id}.`);
  } else throw new UsageError(`unknown shift action "${action}" (list, add, move or delete)`);
}

async function reason(ctx: CliContext, p: Parsed): Promise<void> {
  const action = positional(p, 1, 'reason action (list)');
  if (action !== 'list') throw new UsageError(`unknown reason action "${action}" (list)`);
  const r = (await ctx.call('GET', '/reasons')) as {
    items: Array<{ id: string; name: string; paid: boolean; active: boolean; eligibility: { employmentTypes: string[]; minTenureDays: number; annualHours?: Record<string, number> } }>;
  };
  for (const x of r.items) {
    const e = x.eligibility;
    const hours = e.annualHours ? ` allowance ${Object.entries(e.annualHours).map(([k, v]) => `${k} ${v} h`).join(', ')}` : ' no allowance limit';
    ctx.print(`${x.id}  ${x.name}  ${x.paid ? 'paid' : 'unpaid'}${x.active ? '' : ' (inactive)'}  for ${e.employmentTypes.join('/')}, after ${e.minTenureDays} days;${hours}`);
  }
}

async function request(ctx: CliContext, p: Parsed): Promise<void> {
  const action = positional(p, 1, 'request action (list, approve or decline)');
  const team = need(p, 'team');
  if (action === 'list') {
    const qs = p.values.state ? `?state=${enc(p.values.state)}` : '';
    const r = (await ctx.call('GET', `/teams/${enc(team)}/requests${qs}`)) as {
      items: Array<{ id: string; kind: string; state: string; assignedTo: string; senderEmployeeId: string; recipientEmployeeId: string | null; start: string | null }>;
    };
    for (const x of r.items) {
      const who = x.recipientEmployeeId ? `${x.senderEmployeeId} → ${x.recipientEmployeeId}` : x.senderEmployeeId;
      ctx.print(`${x.id}  ${x.kind}  ${x.state}${x.state === 'pending' ? ` (waiting for ${x.assignedTo})` : ''}  ${who}${x.start ? `  from ${x.start}` : ''}`);
    }
    ctx.print(`${r.items.length} request(s).`);
    return;
  }
  if (action !== 'approve' && action !== 'decline') throw new UsageError(`unknown request action "${action}" (list, approve or decline)`);
  const id = positional(p, 2, 'request id');
  const r = (await ctx.call('POST', `/teams/${enc(team)}/requests/${enc(id)}/${action}`, { message: p.values.message ?? null })) as { version: string };
  ctx.print(`${action === 'approve' ? 'Approved' : 'Declined'} request ${id} (version ${r.version}).`);
}

async function changes(ctx: CliContext, p: Parsed): Promise<void> {
  const qs = new URLSearchParams();
  if (p.values.cursor) qs.set('cursor', p.values.cursor);
  qs.set('limit', p.values.limit ?? '50');
  const r = (await ctx.call('GET', `/changes?${qs}`)) as { changes: Array<{ entityType: string; id: string; op: string; origin: string; at: string }>; cursor: string; hasMore: boolean };
  for (const c of r.changes) ctx.print(`${c.at}  ${c.origin.padEnd(6)}  ${c.op.padEnd(7)}  ${c.entityType} ${c.id}`);
  ctx.print(`cursor ${r.cursor}${r.hasMore ? ' (more: pass --cursor to continue)' : ''}`);
}

export const USAGE = `Usage: npm run wfm -- <command> [options]

Act as the WFM (the embedded reference WFM of a running connector).

  teams                                          list teams, zones and rules
  rules set <team> key=value ...                 override rules (minRestHours, maxWeeklyHours,
                                                 minShiftMinutes, maxShiftHours, lockPastDays, lockGraceDays)
  rules reset <team>                             back to the defaults
  shift list --team T [--from X] [--to Y] [--employee E]
  shift add --team T --employee E --start X --end Y [--job J] [--break MIN] [--label L] [--notes N]
  shift move <shiftId> --team T [--start X] [--end Y] [--employee E]
  shift delete <shiftId> --team T
  reason list
  request list --team T [--state pending]
  request approve|decline <requestId> --team T [--message M]
  changes [--cursor C] [--limit N]

Times: 2026-11-24T14:00:00Z, an offset, or "2026-11-24 09:00" in the team's time zone.
Server: --url (default http://127.0.0.1:$PORT or 3978); key: --key or WFM_ADMIN_KEY.`;

/** Runs one command. */
export async function run(ctx: CliContext, p: Parsed): Promise<void> {
  const cmd = p.positionals[0];
  switch (cmd) {
    case 'teams':
      return teams(ctx);
    case 'rules':
      return rules(ctx, p);
    case 'shift':
      return shift(ctx, p);
    case 'reason':
      return reason(ctx, p);
    case 'request':
      return request(ctx, p);
    case 'changes':
      return changes(ctx, p);
    default:
      throw new UsageError(cmd ? `unknown command "${cmd}"` : 'no command given');
  }
}
