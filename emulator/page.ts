import type { EmulatorState, GraphObject } from './state.ts';
import { SCHEDULE_COLLECTIONS } from './state.ts';

/** What the inspection page and `GET /_emulator/state` show: no secrets, no bodies. */
export function snapshot(state: EmulatorState) {
  const name = (id: string) => state.users.get(id)?.displayName ?? id;
  return {
    teams: [...state.teams.values()].map((t) => ({
      id: t.id,
      displayName: t.displayName,
      owners: t.ownerIds.map((id) => ({ id, displayName: name(id) })),
      members: t.memberIds.map((id) => ({ id, displayName: name(id) })),
      schedule: t.schedule && {
        props: t.schedule.props,
        counts: Object.fromEntries(SCHEDULE_COLLECTIONS.map((c) => [c, t.schedule!.collections[c].size])),
        shifts: [...t.schedule.collections.shifts.values()]
          .map((s) => {
            const item = (s.sharedShift ?? s.draftShift) as GraphObject | null;
            return {
              id: String(s.id),
              user: name(String(s.userId)),
              start: String(item?.startDateTime ?? ''),
              end: String(item?.endDateTime ?? ''),
              shared: s.sharedShift != null,
            };
          })
          .sort((a, b) => a.start.localeCompare(b.start)),
        requests: (['timeOffRequests', 'swapShiftsChangeRequests', 'offerShiftRequests', 'openShiftChangeRequests'] as const).flatMap((c) =>
          [...t.schedule!.collections[c].values()].map((r) => ({
            id: String(r.id),
            type: c,
            sender: name(String(r.senderUserId)),
            state: String(r.state),
            assignedTo: String(r.assignedTo),
          })),
        ),
      },
    })),
    integrations: [...state.integrations.values()].map((w) => ({
      id: String(w.props.id),
      displayName: w.props.displayName,
      url: w.props.url,
      apiVersion: w.props.apiVersion,
      isActive: w.props.isActive,
      supportedEntities: w.props.supportedEntities,
      eligibilityFilteringEnabledEntities: w.props.eligibilityFilteringEnabledEntities,
    })),
    callbacks: state.callbacks,
  };
}

function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function table(headers: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '<p class="none">none</p>';
  return `<table><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</table>`;
}

/** The read-only page at `/_emulator/`: teams, schedules, integrations, last callbacks. */
export function renderPage(state: EmulatorState): string {
  const s = snapshot(state);
  const teams = s.teams
    .map((t) => {
      const sched = t.schedule;
      const head = `<h3>${esc(t.displayName)} <small>${esc(t.id)}</small></h3>
<p>Owners: ${esc(t.owners.map((o) => o.displayName).join(', '))}<br>Members: ${esc(t.members.map((m) => m.displayName).join(', '))}</p>`;
      if (!sched) return `${head}<p class="none">No schedule yet.</p>`;
      return `${head}<p>Time zone ${esc(sched.props.timeZone)} · enabled ${esc(sched.props.enabled)} · provision ${esc(sched.props.provisionStatus)} · integration ${esc(
        (sched.props.workforceIntegrationIds as string[] | undefined)?.[0] ?? 'none',
      )}</p><p>${esc(Object.entries(sched.counts).map(([k, v]) => `${k}: ${v}`).join(' · '))}</p>
<h4>Shifts</h4>${table(['Shift', 'Who', 'Start (UTC)', 'End (UTC)', 'Shared'], sched.shifts.slice(0, 100).map((x) => [x.id, x.user, x.start, x.end, x.shared ? 'yes' : 'draft']))}
<h4>Requests</h4>${table(['Request', 'Type', 'Sender', 'State', 'Assigned to'], sched.requests.map((x) => [x.id, x.type, x.sender, x.state, x.assignedTo]))}`;
    })
    .join('');
  const callbacks = table(
    ['When', 'Kind', 'Team', 'Items', 'Passthrough', 'Attempts', 'Outcome', 'Answers'],
    s.callbacks.map((c) => [
      c.at,
      c.kind,
      c.teamId ?? '',
      c.items.map((i) => `${i.method} ${i.url}`).join('\n'),
      c.passthrough ?? '',
      c.attempts.map((a) => `${a.httpStatus ?? 'no answer'}${a.problem ? ` (${a.problem})` : ''}`).join('\n'),
      c.outcome,
      c.answers.map((a) => `${a.status}${a.message ? ` ${a.message}` : ''}`).join('\n'),
    ]),
  );
  const integrations = table(
    ['Id', 'Name', 'URL', 'Version', 'Active', 'Entities', 'Eligibility filtering'],
    s.integrations.map((w) => [w.id, w.displayName, w.url, w.apiVersion, w.isActive, w.supportedEntities, w.eligibilityFilteringEnabledEntities]),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shifts emulator</title>
<meta http-equiv="refresh" content="5">
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1rem}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top;white-space:pre-line}th{background:#f3f3f3}
small{color:#777;font-weight:normal}.none{color:#777}</style></head><body>
<h1>Shifts emulator</h1><p>Read-only view, refreshed every 5 s. JSON: <a href="/_emulator/state">/_emulator/state</a>. Device-code sign-in: <a href="/devicelogin">/devicelogin</a>.</p>
<h2>Workforce integrations</h2>${integrations}<h2>Teams</h2>${teams || '<p class="none">No teams seeded.</p>'}
<h2>Last callbacks</h2>${callbacks}</body></html>`;
}
