import { Tab, TabList, Title2, Text } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { meResponseSchema } from '../../../api/contracts/me.ts';
import { useResource } from '../../api/context.tsx';
import { FailuresView } from '../FailuresView/FailuresView.tsx';
import { LocalModeBanner } from '../LocalModeBanner/LocalModeBanner.tsx';
import { ReasonsView } from '../ReasonsView/ReasonsView.tsx';
import { RejectedView } from '../RejectedView/RejectedView.tsx';
import { ErrorState, LoadingState } from '../States/States.tsx';
import { StatusView } from '../StatusView/StatusView.tsx';
import { useShellStyles } from './Shell.styles.ts';
import { VIEWS, viewFromPath, type ViewId } from './views.ts';

/** Header, navigation between the four views, and the view itself, for a signed-in manager. */
export function Shell({ localMode, onSignOut, initialView }: { localMode: boolean; onSignOut?: () => void; initialView?: ViewId }) {
  const s = useShellStyles();
  const me = useResource((api) => api.get('/api/tab/me', meResponseSchema), 'me');
  const [view, setView] = useState<ViewId>(initialView ?? viewFromPath(globalThis.location?.pathname ?? '/tab/'));
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    const onPop = () => setView(viewFromPath(location.pathname));
    globalThis.addEventListener?.('popstate', onPop);
    return () => globalThis.removeEventListener?.('popstate', onPop);
  }, []);

  const go = (id: ViewId) => {
    setView(id);
    const path = VIEWS.find((v) => v.id === id)!.path;
    if (globalThis.location && location.pathname !== path) history.pushState(null, '', path + location.search);
  };

  const label = VIEWS.find((v) => v.id === view)!.label;
  return (
    <div className={s.root}>
      {localMode && <LocalModeBanner userName={me.data?.displayName ?? me.data?.userId} {...(onSignOut ? { onSignOut } : {})} />}
      <header className={s.header}>
        <Title2 as="h1">Shifts connector</Title2>
        {me.data && <Text className={s.user}>{me.data.displayName ?? me.data.userId}</Text>}
      </header>
      <TabList
        className={s.nav}
        selectedValue={view}
        onTabSelect={(_, d) => go(d.value as ViewId)}
        aria-label="Views"
      >
        {VIEWS.map((v) => (
          <Tab key={v.id} value={v.id} aria-controls="tab-main">
            {v.label}
          </Tab>
        ))}
      </TabList>
      <main id="tab-main" ref={main} className={s.main} aria-label={label} tabIndex={-1}>
        {me.error ? (
          // An expired or refused local sign-in cannot be fixed by asking again: sign in anew.
          me.error.status === 401 && onSignOut ? (
            <ErrorState error={me.error} onRetry={onSignOut} title="Your sign-in has ended" retryLabel="Sign in again" />
          ) : (
            <ErrorState error={me.error} onRetry={me.reload} title="Could not sign you in" />
          )
        ) : !me.data ? (
          <LoadingState label="Signing you in…" />
        ) : view === 'status' ? (
          <StatusView />
        ) : view === 'failures' ? (
          <FailuresView teams={me.data.teams} />
        ) : view === 'rejected' ? (
          <RejectedView teams={me.data.teams} />
        ) : (
          <ReasonsView teams={me.data.teams} />
        )}
      </main>
    </div>
  );
}
