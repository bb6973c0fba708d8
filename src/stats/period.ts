import { localDate } from '../../protocol/calendar';
import type { HolidayRange, SchoolCalendar } from '../../protocol/calendar';

/**
 * Reporting periods of the statistics export: a school year (`2026-2027`) or one of its terms (`2026-2027-T1`).
 * The boundaries come from the school calendar's vacations, so a school that corrects its calendar moves its
 * terms with it (docs/decisions/0019-statistics-disclosure.md).
 */

/** The vacation that ends one school year and starts the next. */
export const YEAR_BOUNDARY_LABEL = 'vacation.summer';
/**
 * The vacations that close a term, in order: the term ends on the last day of the break, so a case reported
 * during a break belongs to the term the break closes. One boundary gives two terms (the Moroccan semesters).
 */
export const TERM_BOUNDARY_LABELS: readonly string[] = ['vacation.midYear'];

export interface Period {
  /** `2026-2027` or `2026-2027-T1`. */
  id: string;
  kind: 'year' | 'term';
  /** `2026-2027`. */
  schoolYear: string;
  /** Inclusive local dates (YYYY-MM-DD) in the school's calendar. */
  from: string;
  to: string;
  /** For a year: its terms, in order (the `period` dimension of a year's export). */
  terms: readonly { id: string; from: string; to: string }[];
}

export type PeriodProblem =
  | { code: 'malformed'; input: string }
  | { code: 'notConsecutive'; input: string }
  | { code: 'noCalendar'; input: string; schoolYear: string }
  | { code: 'noSuchTerm'; input: string; terms: number };

const PERIOD = /^(\d{4})-(\d{4})(?:-T(\d{1,2}))?$/;
const DAY_MS = 86_400_000;

export const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** The summer break that ends in `year` (its `to` falls in that calendar year). */
function summerEnding(vacations: readonly HolidayRange[], year: number): HolidayRange | undefined {
  return vacations.find((v) => v.label === YEAR_BOUNDARY_LABEL && v.to.startsWith(`${year}-`));
}

/** The terms of the school year starting in `startYear`, or undefined when the calendar does not cover it. */
export function termsOf(calendar: SchoolCalendar, startYear: number): { from: string; to: string }[] | undefined {
  const before = summerEnding(calendar.vacations, startYear);
  const after = summerEnding(calendar.vacations, startYear + 1);
  if (!before || !after) return undefined;
  const from = nextDay(before.to);
  const to = after.to;
  const ends: string[] = [];
  for (const label of TERM_BOUNDARY_LABELS) {
    const brk = calendar.vacations.find((v) => v.label === label && v.from > from && v.to < to);
    // Without the break in the calendar the terms cannot be told apart: refuse rather than guess.
    if (!brk) return undefined;
    ends.push(brk.to);
  }
  ends.sort();
  const terms: { from: string; to: string }[] = [];
  let start = from;
  for (const end of [...ends, to]) {
    terms.push({ from: start, to: end });
    start = nextDay(end);
  }
  return terms;
}

/** Reads a period id; a malformed one is refused with a code the CLI and the app word in the user's language. */
export function parsePeriod(input: string, calendar: SchoolCalendar): { ok: true; period: Period } | { ok: false; problem: PeriodProblem } {
  const m = PERIOD.exec(input.trim());
  if (!m) return { ok: false, problem: { code: 'malformed', input } };
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end !== start + 1) return { ok: false, problem: { code: 'notConsecutive', input } };
  const schoolYear = `${start}-${end}`;
  const terms = termsOf(calendar, start);
  if (!terms) return { ok: false, problem: { code: 'noCalendar', input, schoolYear } };
  const withIds = terms.map((t, i) => ({ id: `${schoolYear}-T${i + 1}`, ...t }));
  if (m[3] === undefined) {
    const first = withIds[0];
    const last = withIds[withIds.length - 1];
    if (!first || !last) return { ok: false, problem: { code: 'noCalendar', input, schoolYear } };
    return { ok: true, period: { id: schoolYear, kind: 'year', schoolYear, from: first.from, to: last.to, terms: withIds } };
  }
  const n = Number(m[3]);
  const term = withIds[n - 1];
  if (!term || n < 1) return { ok: false, problem: { code: 'noSuchTerm', input, terms: withIds.length } };
  return { ok: true, period: { id: term.id, kind: 'term', schoolYear, from: term.from, to: term.to, terms: [term] } };
}

/** Whether an instant falls in the period (its local date, in the school's calendar). */
export function inPeriod(at: string, period: Pick<Period, 'from' | 'to'>, calendar: SchoolCalendar): boolean {
  const d = localDate(at, calendar);
  return period.from <= d && d <= period.to;
}

/** The term of a year's period an instant falls in (the `period` dimension), or undefined outside the period. */
export function termOf(at: string, period: Period, calendar: SchoolCalendar): string | undefined {
  const d = localDate(at, calendar);
  return period.terms.find((t) => t.from <= d && d <= t.to)?.id;
}

/**
 * Whether the period is over at `at`: its last local day is before `at`'s local date in the school calendar. An
 * export of a period still running would differ from a later one of the same period, and the two together
 * would tell the cases in between (docs/decisions/0019).
 */
export function periodEnded(period: Pick<Period, 'to'>, at: string, calendar: SchoolCalendar): boolean {
  return period.to < localDate(at, calendar);
}
