import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useLocalModeBannerStyles } from './LocalModeBanner.styles.ts';

/** Says plainly that this is not Teams: signed in against the local emulator. */
export function LocalModeBanner({ userName, onSignOut }: { userName: string | undefined; onSignOut?: () => void }) {
  const s = useLocalModeBannerStyles();
  return (
    <MessageBar intent="warning" className={s.root} aria-label="Local mode">
      <MessageBarBody>
        <MessageBarTitle>Local mode</MessageBarTitle>
        Running outside Teams against the local emulator{userName ? `, signed in as ${userName}` : ''}.
      </MessageBarBody>
      {onSignOut && (
        <MessageBarActions>
          <Button onClick={onSignOut}>Sign out</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
