import { makeStyles, tokens } from '@fluentui/react-components';

export const useOutcomeChartStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  svg: { display: 'block', overflow: 'visible' },
  succeeded: { fill: tokens.colorPaletteGreenBackground3 },
  partial: { fill: tokens.colorPaletteYellowBackground3 },
  failed: { fill: tokens.colorPaletteRedBackground3 },
  none: { fill: tokens.colorNeutralStroke2 },
  label: { fill: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100 },
  legend: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
  },
  /** Stripes over partial and failed segments, in the page background so they always show. */
  hatch: { stroke: tokens.colorNeutralBackground1, fill: 'none' },
  swatch: { verticalAlign: 'middle', marginRight: tokens.spacingHorizontalXXS },
});
