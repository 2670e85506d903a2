/**
 * A stand-in for Teams web: the page that frames the tab and answers teams-js over postMessage,
 * as Teams does. The wire format follows `@microsoft/teams-js` 2.58
 * (`internal/communication.js`): the tab posts `{ id, uuidAsString, func, args, … }` to its
 * parent; the host answers `{ id, uuidAsString, args }` to the frame's origin, and pushes events
 * as `{ func, args }` (here `themeChange`).
 *
 * Answers per function, as Teams sends them:
 * - `initialize` → `[frameContext, hostClientType, runtimeConfig (JSON), clientSupportedSDKVersion]`
 * - `getContext` → `[legacyContext]` (teams-js maps it to `app.getContext()`'s shape)
 * - `authentication.getAuthToken` → `[true, token]` or `[false, reason]`
 * - `authentication.authenticate` → `[true, result]` or `[false, reason]`
 * One-way messages (`appInitialization.success`, `registerHandler`) need no answer.
 */
export interface TeamsHostScript {
  /** The tab to frame (`…/tab/?inTeams=1`). */
  tabUrl: string;
  /** How long Teams takes to answer `initialize` (slow clients take many seconds). */
  initializeDelayMs: number;
  /** `getAuthToken` answers in order; the last one repeats. */
  tokens: Array<{ token: string } | { error: string }>;
  theme?: 'default' | 'dark' | 'contrast';
  /** Frame width in CSS pixels; the frame fills the page when absent. */
  frameWidth?: number;
}

export function teamsHostPage(script: TeamsHostScript): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams host stand-in</title>
<style>html,body{margin:0;height:100%}iframe{border:0;height:100%;width:${script.frameWidth ? `${script.frameWidth}px` : '100%'}}</style>
</head><body>
<script>
const script = ${JSON.stringify(script)};
const runtime = { apiVersion: 4, supports: { app: {}, authentication: {}, pages: { appButton: {}, tabs: {} }, teamsCore: {} } };
const context = {
  locale: 'en-gb', theme: script.theme || 'default', frameContext: 'content', hostClientType: 'web',
  entityId: 'status', tid: '00000000-0000-0000-0000-0000000000aa', loginHint: 'manager@contoso.test',
  userPrincipalName: 'manager@contoso.test', userObjectId: 'manager-1', appSessionId: '11111111-1111-1111-1111-111111111111',
};
window.received = [];
const frame = document.createElement('iframe');
frame.title = 'Shifts connector';
frame.src = script.tabUrl;
document.body.append(frame);
const tabOrigin = new URL(script.tabUrl).origin;
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.origin !== tabOrigin) return;
  const m = event.data;
  if (!m || typeof m.func !== 'string') return;
  window.received.push(m.func);
  const reply = (args) => event.source.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args }, event.origin);
  switch (m.func) {
    case 'initialize':
      setTimeout(() => reply(['content', 'web', JSON.stringify(runtime), '2.0.0']), script.initializeDelayMs);
      break;
    case 'getContext':
      reply([context]);
      break;
    case 'authentication.getAuthToken': {
      const answer = script.tokens.length > 1 ? script.tokens.shift() : script.tokens[0];
      reply('token' in answer ? [true, answer.token] : [false, answer.error]);
      break;
    }
    case 'authentication.authenticate':
      reply([true, '']);
      break;
  }
});
window.changeTheme = (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, tabOrigin);
</script>
</body></html>`;
}
