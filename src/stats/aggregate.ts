import { endOfLocalDay, localDate } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';
import { DIMENSIONS, DIMENSION_VALUES, TABLE_PAIRS } from './dimensions';
import type { DimensionId } from './dimensions';
import { caseFacts } from './facts';
import type { CaseFacts, CaseHistory, Replay } from './facts';
import { inPeriod, termOf } from './period';
import type { Period } from './period';

/**
 * Exact counts of one school and period: what the school's own dashboard may show, and what disclosure control
 * (disclosure.ts) turns into the publishable export. Never leaves the school as is.
 */
export interface ExactCounts {
  school: string;
  period: Period;
  /** Cases reported in the period. */
  total: number;
  /** Each dimension used, with its values in table order. */
  dimensions: { id: DimensionId; values: string[] }[];
  /** Per dimension, the count of each value (aligned with `values`). */
  oneWay: Partial<Record<DimensionId, number[]>>;
  /** Cross counts, rows the first dimension's values, columns the second's. */
  twoWay: { dims: readonly [DimensionId, DimensionId]; counts: number[][] }[];
}

/** The dimensions of a period's export: `period` only breaks a school year down into its terms. */
export function dimensionsFor(period: Period): { id: DimensionId; values: string[] }[] {
  return DIMENSIONS.filter((d) => d !== 'period' || period.kind === 'year').map((id) => ({
    id,
    values: id === 'period' ? period.terms.map((t) => t.id) : [...DIMENSION_VALUES[id]],
  }));
}

/** Pure: exact counts from the facts of cases already known to fall in the period (see `aggregate`). */
export function countFacts(facts: readonly CaseFacts[], period: Period, school: string, calendar: SchoolCalendar): ExactCounts {
  const dimensions = dimensionsFor(period);
  const index = new Map(dimensions.map((d) => [d.id, new Map(d.values.map((v, i) => [v, i]))]));
  const valueOf = (f: CaseFacts, d: DimensionId): string => (d === 'period' ? (termOf(f.reportedAt, period, calendar) ?? '') : f.values[d]);
  const slot = (f: CaseFacts, d: DimensionId): number => {
    const i = index.get(d)?.get(valueOf(f, d));
    if (i === undefined) throw new Error(`value outside the whitelist for ${d}`);
    return i;
  };
  const oneWay: Partial<Record<DimensionId, number[]>> = {};
  for (const d of dimensions) oneWay[d.id] = d.values.map(() => 0);
  const used = new Set(dimensions.map((d) => d.id));
  const size = (d: DimensionId) => index.get(d)?.size ?? 0;
  const twoWay = TABLE_PAIRS.filter(([a, b]) => used.has(a) && used.has(b)).map((dims) => ({
    dims,
    counts: Array.from({ length: size(dims[0]) }, () => Array.from({ length: size(dims[1]) }, () => 0)),
  }));
  const inc = (row: number[] | undefined, i: number) => {
    if (row) row[i] = (row[i] ?? 0) + 1;
  };
  for (const f of facts) {
    for (const d of dimensions) inc(oneWay[d.id], slot(f, d.id));
    for (const t of twoWay) inc(t.counts[slot(f, t.dims[0])], slot(f, t.dims[1]));
  }
  return { school, period, total: facts.length, dimensions, oneWay, twoWay };
}

/**
 * Pure: from the case histories of one school to the exact counts of a period. A case counts in the period it
 * was reported in, with what its log said at the end of the period.
 */
export function aggregate(histories: readonly CaseHistory[], period: Period, school: string, calendar: SchoolCalendar, replay?: Replay): ExactCounts {
  const until = endOfLocalDay(period.to, calendar);
  const facts: CaseFacts[] = [];
  for (const h of histories) {
    // A case reported before the period is not replayed at all (most of a school's logs, late in the year).
    const report = h.events.find((e) => typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'case.report') as { at?: unknown } | undefined;
    if (typeof report?.at === 'string' && !Number.isNaN(Date.parse(report.at)) && localDate(report.at, calendar) < period.from) continue;
    const f = caseFacts(h, until, calendar, replay);
    if (f && inPeriod(f.reportedAt, period, calendar)) facts.push(f);
  }
  return countFacts(facts, period, school, calendar);
}
