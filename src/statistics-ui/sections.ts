import type { DimensionId } from '../stats/dimensions';
import type { UiKey } from '../i18n/ui';
import { DURATION_IDS } from './dashboard-data';
import type { DashboardData } from './dashboard-data';

/** One chart of the dashboard, worded: the page draws it as SVG with its table, the PDF draws the same rows. */
export interface ChartSection {
  id: string;
  title: string;
  labelHeader: string;
  series: readonly string[];
  rows: readonly { label: string; values: readonly number[] }[];
}

export interface Words {
  t: (key: UiKey, vars?: Readonly<Record<string, string | number>>) => string;
  /** Protocol wording (steps, closure reasons, severity levels). */
  p: (key: string) => string;
  /** A locale tag with Moroccan conventions (`ar-MA`, `fr-MA`): month names, Latin digits. */
  locale: string;
}

/** The breakdowns the dashboard draws, in the order shown (the same counts as the export's one-way tables). */
export const SHOWN: readonly Exclude<DimensionId, 'period' | 'cycle'>[] = ['typologyGroup', 'maxSeverity', 'hardTrigger', 'track', 'outcome', 'referralChannel', 'daysToTriage'];

/** The name of one value of a dimension (not `period` or `cycle`, which the dashboard does not break down by). */
export function valueLabel(dim: DimensionId, v: string, { t, p }: Pick<Words, 't' | 'p'>): string {
  if (dim === 'maxSeverity') return v === 'unrated' ? t('stats.unrated') : `${v} · ${p(`severity.${v}.label`)}`;
  if (dim === 'hardTrigger') return t(v === 'yes' ? 'triage.yes' : 'triage.no');
  if (dim === 'outcome') return v === 'open' ? t('stats.outcome.open') : p(`closure.${v}`);
  return t(`stats.${dim}.${v}` as UiKey);
}

/** Pure: the charts of one period, in order; the open cases' charts only when some case is still open. */
export function chartSections(data: DashboardData, { t, p, locale }: Words): ChartSection[] {
  const label = (dim: DimensionId, v: string) => valueLabel(dim, v, { t, p });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const count = [t('stats.count')];
  const sections: ChartSection[] = [
    {
      id: 'months',
      title: t('stats.chart.months'),
      labelHeader: t('stats.month'),
      series: [t('stats.opened'), t('stats.closed')],
      rows: data.months.map((m) => ({ label: month.format(new Date(`${m.month}-01T00:00:00Z`)), values: [m.opened, m.closed] })),
    },
    ...SHOWN.map((dim) => {
      const values = data.exact.dimensions.find((d) => d.id === dim)?.values ?? [];
      const counts = data.exact.oneWay[dim] ?? [];
      return { id: dim, title: t(`stats.chart.${dim}`), labelHeader: t(`stats.dim.${dim}`), series: count, rows: values.map((v, i) => ({ label: label(dim, v), values: [counts[i] ?? 0] })) };
    }),
  ];
  if (data.openByStep.length === 0) return sections;
  return [
    ...sections,
    { id: 'openByStep', title: t('stats.chart.openByStep'), labelHeader: t('stats.dim.step'), series: count, rows: data.openByStep.map((s) => ({ label: p(`step.${s.step}.title`), values: [s.count] })) },
    {
      id: 'deadlines',
      title: t('stats.chart.deadlines'),
      labelHeader: t('stats.dim.deadlines'),
      series: count,
      rows: [
        { label: t('stats.deadlines.overdue'), values: [data.deadlines.overdue] },
        { label: t('stats.deadlines.onTime'), values: [data.deadlines.onTime] },
      ],
    },
  ];
}

/** A table without a chart: its caption, column headers and worded cells. */
export interface PlainTable {
  title: string;
  headers: readonly string[];
  rows: readonly (readonly string[])[];
}

/** Pure: the time taken from the report to triage, the first follow-up and closure, as a table ("—" when none was measured). */
export function durationTable(data: DashboardData, { t, locale }: Pick<Words, 't' | 'locale'>): PlainTable {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const shown = (n: number | undefined) => (n === undefined ? '—' : number.format(n));
  return {
    title: t('stats.durations.title'),
    headers: [t('stats.durations.from'), t('stats.durations.cases'), t('stats.durations.median'), t('stats.durations.min'), t('stats.durations.max')],
    rows: DURATION_IDS.map((id) => {
      const d = data.durations[id];
      return [t(`stats.durations.${id}`), number.format(d.cases), shown(d.median), shown(d.min), shown(d.max)];
    }),
  };
}
