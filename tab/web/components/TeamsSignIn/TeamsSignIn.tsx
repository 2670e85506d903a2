import { Button, MessageBar, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { toSsoError, type SsoError, type SsoFailureReason } from '../../host/sso.ts';
import type { TabHost } from '../../host/types.ts';
import { LoadingState } from '../States/States.tsx';
import { useTeamsSignInStyles } from './TeamsSignIn.styles.ts';

/** What each failure means for the manager, and what the button will do about it. */
const EXPLAIN: Record<SsoFailureReason, { title: string; text: string }> = {
  consent_required: {
    title: 'The Shifts connector needs your consent',
    text: 'Microsoft Entra ID has not yet been allowed to sign you in to the Shifts connector. Choose "Sign in / consent", accept in the window that opens, and the tab continues.',
  },
  interaction_required: {
    title: 'Sign in again to continue',
    text: 'Your organisation wants you to sign in again (for example to confirm it is you with multi-factor authentication). Choose "Sign in / consent" and finish in the window that opens.',
  },
  other: {
    title: 'Teams could not sign you in',
    text: 'Teams did not give the tab a sign-in token. Try again; if it keeps failing, choose "Sign in / consent" to sign in in a window.',
  },
};

type State = { step: 'checking' } | { step: 'ready' } | { step: 'failed'; error: SsoError; popupError?: string; busy?: boolean };

/**
 * In Teams, gets the SSO token before the tab shows anything that needs it. When Teams cannot
 * give one it says why and offers the Entra popup (consent, sign-in) and a retry, without
 * reloading the tab.
 */
export function TeamsSignIn({ host, children }: { host: TabHost; children: ReactNode }) {
  const s = useTeamsSignInStyles();
  const [state, setState] = useState<State>({ step: 'checking' });

  const check = useCallback(async () => {
    try {
      await host.getToken();
      setState({ step: 'ready' });
    } catch (e) {
      setState({ step: 'failed', error: toSsoError(e) });
    }
  }, [host]);

  useEffect(() => {
    void check();
  }, [check]);

  if (state.step === 'ready') return <>{children}</>;
  if (state.step === 'checking') return <LoadingState label="Signing you in with Teams…" />;

  const { error } = state;
  const explain = EXPLAIN[error.reason];
  const retry = () => {
    setState({ step: 'checking' });
    void check();
  };
  const signIn = async () => {
    setState({ ...state, busy: true, popupError: undefined });
    try {
      await host.signIn!(error.reason);
    } catch (e) {
      // Closed or blocked popup, or Entra refused: say so and keep both ways out.
      setState({ step: 'failed', error, popupError: e instanceof Error ? e.message : String(e) });
      return;
    }
    setState({ step: 'checking' });
    await check();
  };

  return (
    <section className={s.root} aria-labelledby="teams-sign-in-title">
      <MessageBar intent="warning" role="alert" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle id="teams-sign-in-title">{explain.title}</MessageBarTitle>
          <Text as="p">{explain.text}</Text>
          <Text as="p" size={200} className={s.detail}>
            Teams said: {error.detail}
          </Text>
          {state.popupError && (
            <Text as="p" size={200} className={s.detail}>
              The sign-in window did not finish: {state.popupError}
            </Text>
          )}
        </MessageBarBody>
      </MessageBar>
      <p className={s.actions}>
        {host.signIn && (
          <Button appearance="primary" disabled={state.busy} onClick={() => void signIn()}>
            Sign in / consent
          </Button>
        )}
        <Button disabled={state.busy} onClick={retry}>
          Try again
        </Button>
      </p>
    </section>
  );
}
