import { makeStyles, tokens } from '@fluentui/react-components';

export const useRejectedViewStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filter: { maxWidth: '240px' },
  sub: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  tableWrap: { overflowX: 'auto' },
});
