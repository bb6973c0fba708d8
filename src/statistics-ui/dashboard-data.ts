import { endOfLocalDay, localDate } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';
import { dueItems } from '../../machines/guidance';
import { replayRecorded } from '../../machines/replay';
import { STEP_IDS } from '../../protocol/steps';
import { aggregate } from '../stats/aggregate';
import type { ExactCounts } from '../stats/aggregate';
import type { CaseHistory, Replay } from '../stats/facts';
import type { CaseSnapshot } from '../../machines/replay';
import { inPeriod, parsePeriod } from '../stats/period';
import type { Period } from '../stats/period';

/**
 * What the head's dashboard shows, worked out from the case logs by pure code: the breakdowns come from the
 * statistics module's own counting (`aggregate`), so the dashboard and the export to the AREF never disagree;
 * the monthly flow and the open cases by step are added here. Nothing of a case but its dates, its step and
 * the whitelisted values reaches the result: no name, pseudonym, narrative or class.
 */
export interface DashboardData {
  exact: ExactCounts;
  /** Each month of the period (YYYY-MM), with the cases reported and closed in it. */
  months: { month: string; opened: number; closed: number }[];
  /** Cases of the period still open when the period ended (or now, while it runs), by step. */
  openByStep: { step: string; count: number }[];
  /**
   * The same open cases by their deadlines, as the home screen shows them (machines/guidance.ts): with a
   * deadline overdue at that moment, or on time. Reminders are nudges, not deadlines: they do not count.
   */
  deadlines: { overdue: number; onTime: number };
  /**
   * Calendar days from the report to the first severity rating (triage), to the first follow-up and to the
   * closure, over the cases of the period that reached each (by the end of the period, or now).
   */
  durations: Record<DurationId, DurationStats>;
}

export type DurationId = 'triage' | 'followUp' | 'closure';
export const DURATION_IDS: readonly DurationId[] = ['triage', 'followUp', 'closure'];
/** `cases`: how many were measured; the rest undefined when none was. */
export interface DurationStats {
  cases: number;
  median?: number;
  min?: number;
  max?: number;
}

/** Median, shortest and longest of whole numbers (the median of an even count is the mean of the middle two). */
export function summarise(values: readonly number[]): DurationStats {
  if (values.length === 0) return { cases: 0 };
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? (v[mid] ?? 0) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
  return { cases: v.length, median, min: v[0], max: v[v.length - 1] };
}

const DAY_MS = 86_400_000;
type Logged = { type?: unknown; at?: unknown };
const typeOf = (e: unknown) => (typeof e === 'object' && e !== null ? (e as Logged).type : undefined);
const atOf = (e: unknown) => (typeof e === 'object' && e !== null && typeof (e as Logged).at === 'string' ? ((e as Logged).at as string) : '');

/** The school years the calendar covers, each followed by its terms, most recent year first. */
export function periodChoices(calendar: SchoolCalendar): Period[] {
  const starts = [...new Set(calendar.vacations.filter((v) => v.label === 'vacation.summer').map((v) => Number(v.to.slice(0, 4))))].sort((a, b) => b - a);
  const out: Period[] = [];
  for (const y of starts) {
    const year = parsePeriod(`${y}-${y + 1}`, calendar);
    if (!year.ok) continue;
    out.push(year.period);
    for (const t of year.period.terms) {
      const term = parsePeriod(t.id, calendar);
      if (term.ok) out.push(term.period);
    }
  }
  return out;
}

/** The term running on `today` (a local date), else the year running, else the first choice. */
export function currentPeriod(choices: readonly Period[], today: string): Period | undefined {
  const running = choices.filter((p) => p.from <= today && today <= p.to);
  return running.find((p) => p.kind === 'term') ?? running[0] ?? choices[0];
}

/** The months (YYYY-MM) from `from` to `to`, inclusive local dates. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > last) break;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * Pure: the dashboard of one period from the school's case logs, as they stood at the end of the period, or at
 * `now` while it runs (`now` is passed in: this module never reads the clock).
 */
export function dashboardData(histories: readonly CaseHistory[], period: Period, school: string, calendar: SchoolCalendar, now: string): DashboardData {
  // The counting's replays kept: where this cut is the same (a period that has ended), a log is replayed once.
  const replayed = new Map<CaseHistory, { length: number; snapshot: CaseSnapshot }>();
  const keep: Replay = (history, events) => {
    const { snapshot } = replayRecorded(events);
    replayed.set(history, { length: events.length, snapshot });
    return snapshot;
  };
  const exact = aggregate(histories, period, school, calendar, keep);
  const endOfPeriod = endOfLocalDay(period.to, calendar);
  const until = Date.parse(now) < Date.parse(endOfPeriod) ? now : endOfPeriod;
  const months = monthsBetween(period.from, period.to).map((month) => ({ month, opened: 0, closed: 0 }));
  const slot = (at: string) => months.find((m) => m.month === localDate(at, calendar).slice(0, 7));
  const byStep = new Map<string, number>();
  const deadlines = { overdue: 0, onTime: 0 };
  const spans: Record<DurationId, number[]> = { triage: [], followUp: [], closure: [] };
  const days = (from: string, to: string) => Math.round((Date.parse(localDate(to, calendar)) - Date.parse(localDate(from, calendar))) / DAY_MS);
  for (const h of histories) {
    const cut = h.events.findIndex((e) => !(Date.parse(atOf(e)) < Date.parse(until)));
    const events = cut < 0 ? h.events : h.events.slice(0, cut);
    const report = events.find((e) => typeOf(e) === 'case.report');
    const reportedAt = atOf(report ?? events[0]);
    if (!reportedAt || Number.isNaN(Date.parse(reportedAt))) continue;
    // The closing that stands is the last one (a case reopened and closed again is closed once).
    const lastClose = events.findLast((e) => typeOf(e) === 'case.close');
    const reopened = lastClose !== undefined && events.lastIndexOf(lastClose) < events.findLastIndex((e) => typeOf(e) === 'case.reopen');
    if (lastClose && !reopened && inPeriod(atOf(lastClose), period, calendar)) {
      const m = slot(atOf(lastClose));
      if (m) m.closed += 1;
    }
    if (!inPeriod(reportedAt, period, calendar)) continue;
    const m = slot(reportedAt);
    if (m) m.opened += 1;
    const kept = replayed.get(h);
    const snapshot = kept && kept.length === events.length ? kept.snapshot : replayRecorded(events).snapshot;
    const rated = snapshot.context.severityHistory[0]?.at;
    if (rated) spans.triage.push(days(reportedAt, rated));
    const followUp = events.find((e) => typeOf(e) === 'followUp.record');
    if (followUp) spans.followUp.push(days(reportedAt, atOf(followUp)));
    const step = snapshot.context.step;
    if (step === 'closed' && lastClose) spans.closure.push(days(reportedAt, atOf(lastClose)));
    if (step === 'closed') continue;
    byStep.set(step, (byStep.get(step) ?? 0) + 1);
    if (dueItems(snapshot, until, calendar).some((d) => d.kind !== 'reminder' && d.overdue)) deadlines.overdue += 1;
    else deadlines.onTime += 1;
  }
  const openByStep = STEP_IDS.filter((s) => byStep.has(s)).map((step) => ({ step, count: byStep.get(step) ?? 0 }));
  return { exact, months, openByStep, deadlines, durations: { triage: summarise(spans.triage), followUp: summarise(spans.followUp), closure: summarise(spans.closure) } };
}
