import { FluentProvider, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client.ts';
import { ApiProvider } from '../../api/context.tsx';
import type { LocalSession } from '../../host/local.ts';
import type { TabHost, ThemeName } from '../../host/types.ts';
import { LocalModeBanner } from '../LocalModeBanner/LocalModeBanner.tsx';
import { LocalSignIn } from '../LocalSignIn/LocalSignIn.tsx';
import { Shell } from '../Shell/Shell.tsx';
import { TeamsSignIn } from '../TeamsSignIn/TeamsSignIn.tsx';
import type { ViewId } from '../Shell/views.ts';
import { useAppStyles } from './App.styles.ts';

/** The Fluent theme for each Teams theme. */
export const THEMES: Record<ThemeName, Theme> = {
  default: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

export interface AppProps {
  host: TabHost;
  api: ApiClient;
  /** Local mode: where the signed-in token lives. */
  session?: LocalSession;
  initialView?: ViewId;
}

/**
 * The tab: follows the host's theme; in Teams gets the SSO token first (with consent and retry
 * when it fails), in local mode asks who to sign in as first.
 */
export function App({ host, api, session, initialView }: AppProps) {
  const s = useAppStyles();
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  const [signedIn, setSignedIn] = useState(host.kind === 'teams' || session?.token() !== undefined);
  useEffect(() => host.onThemeChange(setTheme), [host]);

  const signOut = session
    ? () => {
        session.clear();
        setSignedIn(false);
      }
    : undefined;

  return (
    <FluentProvider theme={THEMES[theme]} className={s.provider} data-theme={theme}>
      <ApiProvider client={api}>
        {host.kind === 'teams' ? (
          <TeamsSignIn host={host}>
            <Shell localMode={false} {...(initialView ? { initialView } : {})} />
          </TeamsSignIn>
        ) : signedIn ? (
          <Shell localMode={host.kind === 'local'} {...(signOut ? { onSignOut: signOut } : {})} {...(initialView ? { initialView } : {})} />
        ) : (
          <>
            <LocalModeBanner userName={undefined} />
            <LocalSignIn
              onSignedIn={({ token, expiresAt }) => {
                session?.set(token, expiresAt);
                setSignedIn(true);
              }}
            />
          </>
        )}
      </ApiProvider>
    </FluentProvider>
  );
}
