import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client.ts';
import { App } from './components/App/App.tsx';
import { connectToTeams, localHost, localSession } from './host/index.ts';

/**
 * Entry point: find out whether Teams hosts us (quickly: a plain browser fails at once), then
 * render the app with the matching way to get tokens.
 */
async function boot(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  const session = localSession();
  const host = (await connectToTeams()) ?? localHost(session);
  document.documentElement.dataset.host = host.kind;
  const api = createApiClient({ getToken: () => host.getToken() });
  createRoot(container).render(<App host={host} api={api} {...(host.kind === 'local' ? { session } : {})} />);
}

boot().catch((e: unknown) => {
  document.body.textContent = `The tab could not start: ${e instanceof Error ? e.message : String(e)}`;
});
