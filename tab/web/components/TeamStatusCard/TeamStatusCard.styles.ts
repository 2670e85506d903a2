import { makeStyles, tokens } from '@fluentui/react-components';

export const useTeamStatusCardStyles = makeStyles({
  card: { width: '100%', maxWidth: '720px' },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  reason: { color: tokens.colorNeutralForeground2 },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))',
    gap: tokens.spacingHorizontalL,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, fontWeight: tokens.fontWeightSemibold },
  sub: { display: 'block', color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular, fontSize: tokens.fontSizeBase200 },
  modes: { margin: 0, paddingLeft: 0, listStyleType: 'none', fontWeight: tokens.fontWeightRegular, fontSize: tokens.fontSizeBase200 },
  freshness: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  freshnessLine: { margin: 0 },
  footer: { display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
});
