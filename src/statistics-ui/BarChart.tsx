import { useId } from 'react';
import { useI18n } from '../app/i18n';
import { directionOf } from '../i18n/ui';
import { barLayout } from './bar-layout';

export interface ChartRow {
  label: string;
  values: readonly number[];
}

/**
 * A horizontal bar chart drawn as SVG, with its data table beside it. The SVG is one image for assistive
 * technology (role="img", its text alternative lists every value); the table is the same data, read cell by
 * cell. In Arabic the bars grow from the right, as the text runs.
 */
export function BarChart({ title, rows, series, labelHeader }: { title: string; rows: readonly ChartRow[]; series: readonly string[]; labelHeader: string }) {
  const { t, lang } = useI18n();
  const id = useId();
  const number = new Intl.NumberFormat(`${lang}-MA`);
  const rtl = directionOf(lang) === 'rtl';
  const layout = barLayout(rows.map((r) => r.values), rtl);
  const summary = rows
    .map((r) => `${r.label}${t('stats.labelSeparator')}${r.values.map((v, i) => (series.length > 1 ? `${series[i] ?? ''} ${number.format(v)}` : number.format(v))).join(t('stats.valueSeparator'))}`)
    .join(t('stats.listSeparator'));
  return (
    <figure className="stats-chart" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
      </figcaption>
      {series.length > 1 && (
        <ul className="stats-legend" aria-hidden="true">
          {series.map((s, i) => (
            <li key={s}>
              <span className={`swatch s${i}`} /> {s}
            </li>
          ))}
        </ul>
      )}
      <div className="stats-pair">
        <svg role="img" aria-label={`${title}${t('stats.labelSeparator')}${summary}`} viewBox={`0 0 ${layout.width} ${layout.height}`} className="stats-svg">
          {rows.map((r, ri) => (
            <g key={r.label}>
              <text x={layout.labelX} y={layout.rowY(ri) + layout.rowHeight / 2} className="label" textAnchor="start" dominantBaseline="middle">
                {r.label}
              </text>
              {r.values.map((v, si) => {
                const bar = layout.bar(ri, si);
                return (
                  <g key={si}>
                    <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} className={`bar s${si}`} />
                    <text x={bar.valueX} y={bar.y + bar.height / 2} className="value" textAnchor="start" dominantBaseline="middle">
                      {number.format(v)}
                    </text>
                  </g>
                );
              })}
            </g>
          ))}
        </svg>
        <table className="stats-table">
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              {series.map((s) => (
                <th scope="col" key={s}>
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.values.map((v, i) => (
                  <td key={i}>{number.format(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
