import { useId } from 'react';
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

/**
 * Marks drawn over a segment so outcomes differ by more than colour: partial runs are striped,
 * failed runs cross-hatched (high contrast turns every colour into one).
 */
function Hatching({ id, className }: { id: string; className: string }) {
  return (
    <defs>
      <pattern id={`${id}-partial`} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <line className={className} x1="0" y1="0" x2="0" y2="4" strokeWidth="1.5" />
      </pattern>
      <pattern id={`${id}-failed`} width="4" height="4" patternUnits="userSpaceOnUse">
        <path className={className} d="M0,0 L4,4 M4,0 L0,4" strokeWidth="1" />
      </pattern>
    </defs>
  );
}

function Swatch({ kind, id }: { kind: (typeof KEYS)[number]; id: string }) {
  const s = useOutcomeChartStyles();
  return (
    <svg width="10" height="10" className={s.swatch}>
      <rect className={s[kind]} width="10" height="10" />
      {kind !== 'succeeded' && <rect width="10" height="10" fill={`url(#${id}-${kind})`} />}
    </svg>
  );
}

/** A small stacked bar chart of sync outcomes per day (oldest left), with a legend. */
export function OutcomeChart({ days }: { days: DayOutcomes[] }) {
  const s = useOutcomeChartStyles();
  const id = `outcomes-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const max = Math.max(1, ...days.map((d) => d.succeeded + d.partial + d.failed));
  const slot = WIDTH / Math.max(1, days.length);
  const barWidth = Math.max(4, slot - 6);
  const plot = HEIGHT - LABEL;
  return (
    <div className={s.root}>
      <svg className={s.svg} width={WIDTH} height={HEIGHT} role="img" aria-label={describeOutcomes(days)}>
        <Hatching id={id} className={s.hatch} />
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
                return (
                  <g key={k} data-outcome={k}>
                    <rect className={s[k]} x={x} y={y} width={barWidth} height={h} />
                    {k !== 'succeeded' && <rect x={x} y={y} width={barWidth} height={h} fill={`url(#${id}-${k})`} />}
                  </g>
                );
              })}
              <text className={s.label} x={x + barWidth / 2} y={HEIGHT - 1} textAnchor="middle" aria-hidden="true">
                {dayLabel(d.day).split(' ')[0]?.slice(0, 2)}
              </text>
            </g>
          );
        })}
      </svg>
      <div className={s.legend} aria-hidden="true">
        {KEYS.map((k) => (
          <span key={k}>
            <Swatch kind={k} id={id} />
            {k}
          </span>
        ))}
      </div>
    </div>
  );
}
