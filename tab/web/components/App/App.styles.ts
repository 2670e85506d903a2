import { makeStyles } from '@fluentui/react-components';

export const useAppStyles = makeStyles({
  provider: { minHeight: '100vh' },
});
