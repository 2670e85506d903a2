import type { EmulatorContext } from '../context.ts';

function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font:15px system-ui,sans-serif;margin:2rem auto;max-width:34rem;color:#222}
label{display:block;margin:.8rem 0 .3rem;font-weight:600}input,select{font:inherit;padding:.35rem;width:100%;box-sizing:border-box}
button{font:inherit;padding:.4rem 1rem;margin:1rem .5rem 0 0}.problem{color:#a4262c;border:1px solid #a4262c;padding:.5rem}
small{color:#666}`;

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Shifts emulator</title><style>${STYLE}</style></head><body>${body}</body></html>`;

/**
 * The emulator's stand-in for Entra's "Enter code" page: the person enters the code the
 * application showed, picks who they are (administrators first), and approves or declines.
 */
export function renderDeviceLogin(ctx: EmulatorContext, input: { code: string; userId?: string; problem?: string }): string {
  const users = [...ctx.state.users.values()].sort((a, b) => Number(b.admin) - Number(a.admin) || a.displayName.localeCompare(b.displayName));
  const options = users
    .map((u) => `<option value="${esc(u.id)}"${u.id === input.userId ? ' selected' : ''}>${esc(u.displayName)} (${esc(u.userPrincipalName)})${u.admin ? ' · Global Administrator' : ''}</option>`)
    .join('');
  const waiting = ctx.deviceCodes.pending().length;
  return page(
    'Enter code',
    `<h1>Enter code</h1>
<p>Enter the code displayed by the application, then choose who signs in. <small>${waiting} sign-in${waiting === 1 ? '' : 's'} waiting.</small></p>
${input.problem ? `<p class="problem" role="alert">${esc(input.problem)}</p>` : ''}
<form method="post" action="/devicelogin">
<label for="user_code">Code</label><input id="user_code" name="user_code" autocomplete="off" required value="${esc(input.code)}">
<label for="user_id">Sign in as</label>${users.length ? `<select id="user_id" name="user_id">${options}</select>` : '<p>No users are seeded.</p>'}
<button type="submit" name="action" value="approve">Sign in and allow</button><button type="submit" name="action" value="decline">Decline</button>
</form>`,
  );
}

/** What the person sees after deciding. */
export function renderDeviceResult(input: { title: string; text: string }): string {
  return page(input.title, `<h1>${esc(input.title)}</h1><p>${esc(input.text)}</p>`);
}
