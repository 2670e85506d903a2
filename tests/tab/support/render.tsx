import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createApiClient } from '../../../tab/web/api/client.ts';
import { ApiProvider } from '../../../tab/web/api/context.tsx';

/**
 * Renders a piece of the tab against a real tab API server on loopback, with a real token:
 * the component's requests go through the same client, contracts and validation as in Teams.
 */
export function renderWithApi(ui: ReactElement, baseUrl: string, token: string): RenderResult {
  const api = createApiClient({ baseUrl, getToken: () => Promise.resolve(token) });
  return render(
    <FluentProvider theme={teamsLightTheme}>
      <ApiProvider client={api}>{ui}</ApiProvider>
    </FluentProvider>,
  );
}
