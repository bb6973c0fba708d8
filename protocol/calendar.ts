import { VACATIONS_2026_2027 } from './school-calendar-2026-2027';

/**
 * School calendar as data (some deadlines count school days). Editable by the school: its default
 * (`DEFAULT_SCHOOL_CALENDAR`) is Morocco's fixed national holidays, the expected dates of the religious
 * holidays, which move with the lunar calendar and must be confirmed each year, and the school vacations of the
 * year (to verify against the ministry's published calendar, see school-calendar-2026-2027.ts).
 */
export interface HolidayRange {
  /** Inclusive local dates, YYYY-MM-DD. */
  from: string;
  to: string;
  /** Free text shown to the school; the defaults use i18n keys `holiday.<id>`. */
  label: string;
}

/** A period, [from, to) in UTC instants, when the legal time is at another offset. */
export interface OffsetChange {
  from: string;
  to: string;
  utcOffsetMinutes: number;
}

export interface SchoolCalendar {
  /** Offset of school local time from UTC. Morocco keeps UTC+1 except during Ramadan (UTC+0). */
  utcOffsetMinutes: number;
  /**
   * When the clocks are not at `utcOffsetMinutes` (Ramadan). Everything that reads or writes a wall-clock time
   * follows it: local dates, the midnight a deadline ends at, times shown on screen and printed, times typed.
   */
  utcOffsetChanges?: readonly OffsetChange[];
  /** Days without school, 0 = Sunday … 6 = Saturday. */
  weekendDays: readonly number[];
  /**
   * Saturday morning is taught (many collèges and lycées): Saturday then counts as a school day even though it
   * is in `weekendDays`. It counts whole, as every day does: a deadline ends at midnight, not when lessons end.
   */
  saturdayMorning: boolean;
  /** Public holidays. */
  holidays: readonly HolidayRange[];
  /** School vacations: no lessons, so no school day, the same way as a holiday. */
  vacations: readonly HolidayRange[];
}

const day = (date: string, label: string): HolidayRange => ({ from: date, to: date, label });

/**
 * The protocol's own calendar: national holidays, no Saturday lessons, no vacations. The machine counts the
 * monitoring window with it so that a replay gives the same answer whatever a school edits, and training cases
 * are shifted in time across it: the year's vacations, still to verify, would move both.
 */
export const DEFAULT_CALENDAR: SchoolCalendar = {
  utcOffsetMinutes: 60,
  // Morocco goes back to UTC+0 for Ramadan; the government announces the dates each year. These are the IANA
  // time zone database's (zone Africa/Casablanca, rule "Morocco", releases 2025b and 2025c) for the years the
  // holidays below cover: to confirm each year, like the religious holidays.
  utcOffsetChanges: [
    { from: '2026-02-15T02:00:00Z', to: '2026-03-22T02:00:00Z', utcOffsetMinutes: 0 },
    { from: '2027-02-07T02:00:00Z', to: '2027-03-14T02:00:00Z', utcOffsetMinutes: 0 },
  ],
  weekendDays: [0, 6],
  saturdayMorning: false,
  vacations: [],
  holidays: [
    day('2026-01-01', 'holiday.newYear'),
    day('2026-01-11', 'holiday.independenceManifesto'),
    day('2026-01-14', 'holiday.amazighNewYear'),
    { from: '2026-03-20', to: '2026-03-21', label: 'holiday.eidAlFitr' },
    day('2026-05-01', 'holiday.labourDay'),
    { from: '2026-05-27', to: '2026-05-28', label: 'holiday.eidAlAdha' },
    day('2026-06-16', 'holiday.islamicNewYear'),
    day('2026-07-30', 'holiday.throneDay'),
    day('2026-08-14', 'holiday.ouedEdDahab'),
    day('2026-08-20', 'holiday.revolution'),
    day('2026-08-21', 'holiday.youth'),
    { from: '2026-08-25', to: '2026-08-26', label: 'holiday.mawlid' },
    day('2026-10-31', 'holiday.unityDay'),
    day('2026-11-06', 'holiday.greenMarch'),
    day('2026-11-18', 'holiday.independence'),
    day('2027-01-01', 'holiday.newYear'),
    day('2027-01-11', 'holiday.independenceManifesto'),
    day('2027-01-14', 'holiday.amazighNewYear'),
    { from: '2027-03-10', to: '2027-03-11', label: 'holiday.eidAlFitr' },
    day('2027-05-01', 'holiday.labourDay'),
    { from: '2027-05-17', to: '2027-05-18', label: 'holiday.eidAlAdha' },
    day('2027-06-06', 'holiday.islamicNewYear'),
    day('2027-07-30', 'holiday.throneDay'),
    day('2027-08-14', 'holiday.ouedEdDahab'),
    { from: '2027-08-15', to: '2027-08-16', label: 'holiday.mawlid' },
    day('2027-08-20', 'holiday.revolution'),
    day('2027-08-21', 'holiday.youth'),
    day('2027-10-31', 'holiday.unityDay'),
    day('2027-11-06', 'holiday.greenMarch'),
    day('2027-11-18', 'holiday.independence'),
  ],
};

/** A school's calendar until it edits it in settings: the national holidays and the 2026–2027 vacations. */
export const DEFAULT_SCHOOL_CALENDAR: SchoolCalendar = { ...DEFAULT_CALENDAR, vacations: VACATIONS_2026_2027 };

const DAY_MS = 86_400_000;

/** Offset from UTC of the legal time at an instant: the calendar's, or a change's (Ramadan) that covers it. */
export function utcOffsetAt(at: string, cal: SchoolCalendar): number {
  const t = Date.parse(at);
  return cal.utcOffsetChanges?.find((c) => Date.parse(c.from) <= t && t < Date.parse(c.to))?.utcOffsetMinutes ?? cal.utcOffsetMinutes;
}

/** Local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: string, cal: SchoolCalendar): string {
  return new Date(Date.parse(at) + utcOffsetAt(at, cal) * 60_000).toISOString().slice(0, 10);
}

/**
 * The instant a local wall-clock reading (`date` at `minutes` past midnight) names. The offset is the one in
 * force at that instant: Morocco's clocks change at 02:00/03:00, never near midnight or school hours, so a
 * second look settles it (a time inside the skipped hour reads at the offset before the change).
 */
export function instantOfLocal(date: string, minutes: number, cal: SchoolCalendar): string {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const first = utcOffsetAt(new Date(wall - cal.utcOffsetMinutes * 60_000).toISOString(), cal);
  const offset = utcOffsetAt(new Date(wall - first * 60_000).toISOString(), cal);
  return new Date(wall - offset * 60_000).toISOString();
}

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function dateOf(dayNum: number): string {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}

const within = (date: string) => (h: HolidayRange) => h.from <= date && date <= h.to;

/** Every count of school days goes through here, so the Saturday setting and the vacations apply to all of them. */
export function isSchoolDay(date: string, cal: SchoolCalendar): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (cal.weekendDays.includes(weekday) && !(weekday === 6 && cal.saturdayMorning)) return false;
  return !cal.holidays.some(within(date)) && !cal.vacations.some(within(date));
}

/**
 * A calendar as stored by an earlier version (before vacations and the Saturday setting): the missing fields
 * take their defaults, so a school that had edited its holidays also gets the year's vacations.
 */
export function completeCalendar(stored: Partial<SchoolCalendar>): SchoolCalendar {
  const d = DEFAULT_SCHOOL_CALENDAR;
  return {
    utcOffsetMinutes: stored.utcOffsetMinutes ?? d.utcOffsetMinutes,
    utcOffsetChanges: stored.utcOffsetChanges ?? d.utcOffsetChanges,
    weekendDays: stored.weekendDays ?? d.weekendDays,
    saturdayMorning: stored.saturdayMorning ?? d.saturdayMorning,
    holidays: stored.holidays ?? d.holidays,
    vacations: stored.vacations ?? d.vacations,
  };
}

/** The instant local midnight ends `date`, as an ISO string in UTC. */
export function endOfLocalDay(date: string, cal: SchoolCalendar): string {
  return instantOfLocal(dateOf(dayNumber(date) + 1), 0, cal);
}

/**
 * End of the n-th school day after the day of `at`. n = 0 means "the same school day": the end of that day
 * if it is a school day, else the end of the next school day.
 */
export function addSchoolDays(at: string, n: number, cal: SchoolCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`school days must be a whole number ≥ 0, got ${n}`);
  let d = dayNumber(localDate(at, cal));
  let remaining = n;
  if (n === 0) {
    // An empty calendar year (every day a holiday) would loop forever: bound the search.
    for (let guard = 0; !isSchoolDay(dateOf(d), cal); guard++) {
      if (guard > 400) throw new RangeError('no school day within 400 days');
      d++;
    }
    return endOfLocalDay(dateOf(d), cal);
  }
  for (let guard = 0; remaining > 0; guard++) {
    if (guard > 400 + n * 7) throw new RangeError('no school day within range');
    d++;
    if (isSchoolDay(dateOf(d), cal)) remaining--;
  }
  return endOfLocalDay(dateOf(d), cal);
}

/** Whole school days strictly after the day of `from` up to and including the day of `to`. */
export function schoolDaysBetween(from: string, to: string, cal: SchoolCalendar): number {
  const a = dayNumber(localDate(from, cal));
  const b = dayNumber(localDate(to, cal));
  let count = 0;
  for (let d = a + 1; d <= b; d++) if (isSchoolDay(dateOf(d), cal)) count++;
  return count;
}

export interface Duration {
  unit: 'hours' | 'days' | 'schoolDays';
  value: number;
}

export function addDuration(at: string, duration: Duration, cal: SchoolCalendar): string {
  const t = Date.parse(at);
  switch (duration.unit) {
    case 'hours':
      return new Date(t + duration.value * 3_600_000).toISOString();
    case 'days':
      return new Date(t + duration.value * DAY_MS).toISOString();
    case 'schoolDays':
      return addSchoolDays(at, duration.value, cal);
  }
}
