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
  swatch: {
    display: 'inline-block',
    width: '8px',
    height: '8px',
    marginRight: tokens.spacingHorizontalXXS,
    borderRadius: tokens.borderRadiusSmall,
  },
  swatchSucceeded: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  swatchPartial: { backgroundColor: tokens.colorPaletteYellowBackground3 },
  swatchFailed: { backgroundColor: tokens.colorPaletteRedBackground3 },
});
