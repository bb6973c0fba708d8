/**
 * School calendar as data (some deadlines count school days). Editable by the school:
 * the defaults below are Morocco's fixed national holidays and the expected dates of the religious holidays,
 * which move with the lunar calendar and must be confirmed each year.
 */
export interface HolidayRange {
  /** Inclusive local dates, YYYY-MM-DD. */
  from: string;
  to: string;
  /** Free text shown to the school; the defaults use i18n keys `holiday.<id>`. */
  label: string;
}

export interface SchoolCalendar {
  /** Offset of school local time from UTC. Morocco keeps UTC+1 except during Ramadan (UTC+0). */
  utcOffsetMinutes: number;
  /** Days without school, 0 = Sunday … 6 = Saturday. */
  weekendDays: readonly number[];
  holidays: readonly HolidayRange[];
}

const day = (date: string, label: string): HolidayRange => ({ from: date, to: date, label });

export const DEFAULT_CALENDAR: SchoolCalendar = {
  utcOffsetMinutes: 60,
  weekendDays: [0, 6],
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

const DAY_MS = 86_400_000;

/** Local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: string, cal: SchoolCalendar): string {
  return new Date(Date.parse(at) + cal.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function dateOf(dayNum: number): string {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}

export function isSchoolDay(date: string, cal: SchoolCalendar): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (cal.weekendDays.includes(weekday)) return false;
  return !cal.holidays.some((h) => h.from <= date && date <= h.to);
}

/** The instant local midnight ends `date`, as an ISO string in UTC. */
export function endOfLocalDay(date: string, cal: SchoolCalendar): string {
  return new Date((dayNumber(date) + 1) * DAY_MS - cal.utcOffsetMinutes * 60_000).toISOString();
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
