import { makeStyles, tokens } from '@fluentui/react-components';

export const useSyncNowButtonStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  progress: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});
