import { makeStyles, tokens } from '@fluentui/react-components';

export const useTeamsSignInStyles = makeStyles({
  root: { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`, maxWidth: '40rem' },
  // Buttons wrap under each other on a narrow (mobile) screen instead of overflowing it.
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  detail: { overflowWrap: 'anywhere' },
});
