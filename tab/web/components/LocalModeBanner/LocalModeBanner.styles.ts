import { makeStyles, tokens } from '@fluentui/react-components';

export const useLocalModeBannerStyles = makeStyles({
  root: { marginBottom: tokens.spacingVerticalM },
});
