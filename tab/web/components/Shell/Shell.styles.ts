import { makeStyles, tokens } from '@fluentui/react-components';

export const useShellStyles = makeStyles({
  root: {
    minHeight: '100vh',
    boxSizing: 'border-box',
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    // Teams mobile is 320–390 px wide: less padding so the content keeps its width.
    '@media (max-width: 480px)': { padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalS}` },
  },
  header: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalS,
  },
  user: { color: tokens.colorNeutralForeground3 },
  // The four tabs are wider than a phone: they scroll inside the bar instead of widening the page.
  nav: { marginBottom: tokens.spacingVerticalL, maxWidth: '100%', overflowX: 'auto' },
  main: { outline: 'none', minWidth: 0 },
});
