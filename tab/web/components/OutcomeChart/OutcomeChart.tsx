import { mergeClasses } from '@fluentui/react-components';
import type { DayOutcomes } from '../../../api/contracts/status.ts';
import { dayLabel } from '../../format/time.ts';
import { useOutcomeChartStyles } from './OutcomeChart.styles.ts';

const WIDTH = 210;
const HEIGHT = 56;
const LABEL = 12;
const KEYS = ['succeeded', 'partial', 'failed'] as const;

/** Sentence a screen reader announces for the chart. */
export function describeOutcomes(days: DayOutcomes[]): string {
  const total = (k: (typeof KEYS)[number]) => days.reduce((n, d) => n + d[k], 0);
  return `Sync outcomes over the last ${days.length} days: ${total('succeeded')} succeeded, ${total('partial')} partial, ${total('failed')} failed.`;
}

/** A small stacked bar chart of sync outcomes per day (oldest left), colours with a legend. */
export function OutcomeChart({ days }: { days: DayOutcomes[] }) {
  const s = useOutcomeChartStyles();
  const max = Math.max(1, ...days.map((d) => d.succeeded + d.partial + d.failed));
  const slot = WIDTH / Math.max(1, days.length);
  const barWidth = Math.max(4, slot - 6);
  const plot = HEIGHT - LABEL;
  return (
    <div className={s.root}>
      <svg className={s.svg} width={WIDTH} height={HEIGHT} role="img" aria-label={describeOutcomes(days)}>
        {days.map((d, i) => {
          const x = i * slot + (slot - barWidth) / 2;
          let y = plot;
          const total = d.succeeded + d.partial + d.failed;
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.succeeded} succeeded, ${d.partial} partial, ${d.failed} failed`}</title>
              {total === 0 && <rect className={s.none} x={x} y={plot - 2} width={barWidth} height={2} />}
              {KEYS.map((k) => {
                const h = (d[k] / max) * (plot - 2);
                if (h === 0) return null;
                y -= h;
                return <rect key={k} className={s[k]} x={x} y={y} width={barWidth} height={h} data-outcome={k} />;
              })}
              <text className={s.label} x={x + barWidth / 2} y={HEIGHT - 1} textAnchor="middle" aria-hidden="true">
                {dayLabel(d.day).split(' ')[0]?.slice(0, 2)}
              </text>
            </g>
          );
        })}
      </svg>
      <div className={s.legend} aria-hidden="true">
        <span>
          <span className={mergeClasses(s.swatch, s.swatchSucceeded)} />
          succeeded
        </span>
        <span>
          <span className={mergeClasses(s.swatch, s.swatchPartial)} />
          partial
        </span>
        <span>
          <span className={mergeClasses(s.swatch, s.swatchFailed)} />
          failed
        </span>
      </div>
    </div>
  );
}
