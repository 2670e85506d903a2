import { makeStyles, tokens } from '@fluentui/react-components';

export const useStatusViewStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});
