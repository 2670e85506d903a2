/**
 * `npm run emulator:act -- <command> [--flag value ...]`: act as a manager or a worker in the
 * running emulator (`EMULATOR_URL`, else http://127.0.0.1:`EMULATOR_PORT`, default 3979). People and teams may be
 * named by id or by display name. Run without a command for help.
 */
import { parseArgs } from 'node:util';
import { emulatorBaseUrl, unreachableMessage } from './target.ts';

const HELP = `Usage: npm run emulator:act -- <command> [options]

Directory
  teams                                        list teams, people (ids) and shifts
Manager (--as is a team owner)
  add-shift     --team T --as M --user U --start ISO --end ISO [--group G] [--name N] [--notes N] [--draft]
  edit-shift    --team T --as M --shift S [--start ISO] [--end ISO] [--user U] [--notes N] [--draft]
  delete-shift  --team T --as M --shift S [--draft]
  approve       --team T --as M --request R [--message M]
  decline       --team T --as M --request R [--message M]
Worker (--as is a team member)
  reasons       --team T --as U                          time-off reasons offered to U
  swappable     --team T --as U --shift S                shifts U may swap S with
  request-time-off   --team T --as U --reason R --start ISO --end ISO [--message M]
  request-swap       --team T --as U --shift S --with S2 [--message M]
  offer-shift        --team T --as U --shift S --to U2 [--message M]
  request-open-shift --team T --as U --open-shift O [--message M]
  accept | refuse    --team T --as U --request R [--message M]   (recipient of a swap/offer)
  cancel             --team T --as U --request R
`;

interface Person {
  id: string;
  displayName: string;
}
interface TeamView {
  id: string;
  displayName: string;
  owners: Person[];
  members: Person[];
  schedule?: { shifts: Array<{ id: string; user: string; start: string; end: string; shared: boolean }> };
}

const COMMANDS = ['teams', 'add-shift', 'edit-shift', 'delete-shift', 'approve', 'decline', 'reasons', 'swappable', 'request-time-off', 'request-swap', 'offer-shift', 'request-open-shift', 'accept', 'refuse', 'cancel'];

/** Exit codes as in the admin CLI: 1 refused by the emulator, 2 usage, 3 emulator unreachable. */
class ActError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 | 3) {
    super(message);
  }
}

let base = '';

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ActError(unreachableMessage(base, err), 3);
  }
  const text = await res.text();
  const json = text ? (JSON.parse(text) as { error?: { message?: string } }) : undefined;
  if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
  return json;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return;
  }
  if (!COMMANDS.includes(command)) throw new ActError(`Unknown command '${command}'; commands: ${COMMANDS.join(', ')} (run: npm run emulator:act -- help)`, 2);
  const target = emulatorBaseUrl(process.env);
  if ('problem' in target) throw new ActError(target.problem, 2);
  base = target.url;
  const { values: o } = parseArgs({
    args: rest,
    options: Object.fromEntries(
      ['team', 'as', 'user', 'start', 'end', 'group', 'name', 'notes', 'shift', 'with', 'to', 'reason', 'request', 'message', 'open-shift'].map((k) => [
        k,
        { type: 'string' as const },
      ]),
    ) as Record<string, { type: 'string' }>,
    allowPositionals: false,
    strict: false,
  });
  const flag = (name: string): string | undefined => (typeof o[name] === 'string' ? (o[name] as string) : undefined);
  const draft = rest.includes('--draft');
  const state = (await call('GET', '/_emulator/state')) as { teams: TeamView[] };
  if (command === 'teams') {
    for (const t of state.teams) {
      process.stdout.write(`${t.displayName}  (${t.id})\n`);
      for (const p of t.owners) process.stdout.write(`  owner   ${p.displayName}  ${p.id}\n`);
      for (const p of t.members) process.stdout.write(`  member  ${p.displayName}  ${p.id}\n`);
      for (const s of t.schedule?.shifts ?? []) process.stdout.write(`  shift   ${s.id}  ${s.user}  ${s.start} → ${s.end}${s.shared ? '' : ' (draft)'}\n`);
    }
    return;
  }
  const need = (name: string): string => {
    const v = flag(name);
    if (!v) throw new ActError(`--${name} is required for ${command}`, 2);
    return v;
  };
  const teamArg = need('team');
  const team = state.teams.find((t) => t.id === teamArg || t.displayName.toLowerCase() === teamArg.toLowerCase());
  if (!team) throw new Error(`No team '${teamArg}'. Run: npm run emulator:act -- teams`);
  const person = (v: string): string => {
    const p = [...team.owners, ...team.members].find((x) => x.id === v || x.displayName.toLowerCase() === v.toLowerCase());
    if (!p) throw new Error(`No person '${v}' in ${team.displayName}.`);
    return p.id;
  };
  const as = person(need('as'));
  const root = `/_emulator/act/teams/${encodeURIComponent(team.id)}`;
  const message = flag('message');
  let result: unknown;
  switch (command) {
    case 'add-shift':
      result = await call('POST', `${root}/shifts`, {
        as, userId: person(need('user')), startDateTime: need('start'), endDateTime: need('end'),
        schedulingGroupId: flag('group'), displayName: flag('name'), notes: flag('notes'), share: !draft,
      });
      break;
    case 'edit-shift':
      result = await call('POST', `${root}/shifts/${encodeURIComponent(need('shift'))}/edit`, {
        as, startDateTime: flag('start'), endDateTime: flag('end'), userId: flag('user') ? person(flag('user')!) : undefined, notes: flag('notes'), share: !draft,
      });
      break;
    case 'delete-shift':
      result = await call('POST', `${root}/shifts/${encodeURIComponent(need('shift'))}/delete`, { as, share: !draft });
      break;
    case 'reasons':
      result = await call('GET', `${root}/offered/timeOffReasons?as=${encodeURIComponent(as)}`);
      break;
    case 'swappable':
      result = await call('GET', `${root}/offered/swapShifts?as=${encodeURIComponent(as)}&shiftId=${encodeURIComponent(need('shift'))}`);
      break;
    case 'request-time-off':
      result = await call('POST', `${root}/timeOffRequests`, { as, timeOffReasonId: need('reason'), startDateTime: need('start'), endDateTime: need('end'), message });
      break;
    case 'request-swap':
      result = await call('POST', `${root}/swapRequests`, { as, senderShiftId: need('shift'), recipientShiftId: need('with'), message });
      break;
    case 'offer-shift':
      result = await call('POST', `${root}/offerShiftRequests`, { as, senderShiftId: need('shift'), recipientUserId: person(need('to')), message });
      break;
    case 'request-open-shift':
      result = await call('POST', `${root}/openShiftRequests`, { as, openShiftId: need('open-shift'), message });
      break;
    case 'accept':
    case 'refuse':
    case 'approve':
    case 'decline':
    case 'cancel':
      result = await call('POST', `${root}/requests/${encodeURIComponent(need('request'))}/${command}`, { as, message: command === 'cancel' ? undefined : message });
      break;
    default:
      throw new ActError(`Unknown command '${command}'.`, 2);
  }
  process.stdout.write(result === undefined ? 'done\n' : `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message.split('\n')[0]}\n`);
  process.exit(err instanceof ActError ? err.exitCode : 1);
});
