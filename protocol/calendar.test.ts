import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, DEFAULT_SCHOOL_CALENDAR, addDuration, addSchoolDays, completeCalendar, endOfLocalDay, instantOfLocal, isSchoolDay, localDate, schoolDaysBetween } from './calendar';
import type { SchoolCalendar } from './calendar';
import { VACATION_TEXT, VACATIONS_2026_2027 } from './school-calendar-2026-2027';
import { LANGUAGES } from './text';

const cal = DEFAULT_CALENDAR;

describe('school calendar', () => {
  it('uses Moroccan local time to tell the date', () => {
    expect(localDate('2026-11-02T23:30:00Z', cal)).toBe('2026-11-03');
  });

  it('knows weekends and national holidays', () => {
    expect(isSchoolDay('2026-11-02', cal)).toBe(true); // Monday
    expect(isSchoolDay('2026-11-07', cal)).toBe(false); // Saturday
    expect(isSchoolDay('2026-11-06', cal)).toBe(false); // Green March
    expect(isSchoolDay('2026-11-18', cal)).toBe(false); // Independence Day
  });

  it('"same school day" ends at local midnight, or rolls to the next school day on a weekend', () => {
    expect(addSchoolDays('2026-11-02T09:00:00Z', 0, cal)).toBe('2026-11-02T23:00:00.000Z');
    expect(addSchoolDays('2026-11-07T09:00:00Z', 0, cal)).toBe('2026-11-09T23:00:00.000Z');
  });

  it('skips weekends and holidays when counting school days', () => {
    // From Monday 2 Nov: 3, 4, 5 Nov, then Fri 6 is a holiday, weekend, Mon 9 is the 4th.
    expect(addSchoolDays('2026-11-02T09:00:00Z', 4, cal)).toBe('2026-11-09T23:00:00.000Z');
    expect(schoolDaysBetween('2026-11-02T09:00:00Z', '2026-11-09T10:00:00Z', cal)).toBe(4);
  });

  it('counts 20 school days across two holidays', () => {
    const due = addSchoolDays('2026-11-09T10:00:00Z', 20, cal);
    const lastMoment = new Date(Date.parse(due) - 1).toISOString();
    expect(schoolDaysBetween('2026-11-09T10:00:00Z', lastMoment, cal)).toBe(20);
    expect(due).toBe('2026-12-08T23:00:00.000Z');
  });

  it('adds hours and calendar days as they are', () => {
    expect(addDuration('2026-11-02T10:00:00Z', { unit: 'hours', value: 48 }, cal)).toBe('2026-11-04T10:00:00.000Z');
    expect(addDuration('2026-11-02T10:00:00Z', { unit: 'days', value: 15 }, cal)).toBe('2026-11-17T10:00:00.000Z');
  });

  it('refuses a calendar with no school day rather than looping forever', () => {
    const never: SchoolCalendar = { ...cal, weekendDays: [0, 1, 2, 3, 4, 5, 6] };
    expect(() => addSchoolDays('2026-11-02T09:00:00Z', 1, never)).toThrow(RangeError);
  });
});

describe('Saturday morning lessons', () => {
  const saturdays: SchoolCalendar = { ...cal, saturdayMorning: true };
  const threeSchoolDays = { unit: 'schoolDays', value: 3 } as const;

  it('is off by default: a Saturday is not a school day', () => {
    expect(DEFAULT_CALENDAR.saturdayMorning).toBe(false);
    expect(isSchoolDay('2026-11-14', cal)).toBe(false);
    expect(isSchoolDay('2026-11-14', saturdays)).toBe(true);
    expect(isSchoolDay('2026-11-15', saturdays)).toBe(false); // Sunday stays off
  });

  it('moves a "3 school days" deadline counted from a Thursday', () => {
    // Thursday 12 November 2026. Without Saturday: Fri 13, Mon 16, Tue 17. With it: Fri 13, Sat 14, Mon 16.
    expect(addDuration('2026-11-12T09:00:00Z', threeSchoolDays, cal)).toBe('2026-11-17T23:00:00.000Z');
    expect(addDuration('2026-11-12T09:00:00Z', threeSchoolDays, saturdays)).toBe('2026-11-16T23:00:00.000Z');
    expect(schoolDaysBetween('2026-11-12T09:00:00Z', '2026-11-16T10:00:00Z', saturdays)).toBe(3);
    expect(schoolDaysBetween('2026-11-12T09:00:00Z', '2026-11-16T10:00:00Z', cal)).toBe(2);
  });

  it('makes "the same school day" end on the Saturday it was reported', () => {
    expect(addSchoolDays('2026-11-07T09:00:00Z', 0, cal)).toBe('2026-11-09T23:00:00.000Z');
    expect(addSchoolDays('2026-11-07T09:00:00Z', 0, saturdays)).toBe('2026-11-07T23:00:00.000Z');
  });

  it('never makes a Saturday in a vacation or on a holiday a school day', () => {
    expect(isSchoolDay('2027-02-06', { ...DEFAULT_SCHOOL_CALENDAR, saturdayMorning: true })).toBe(false); // mid-year break
    expect(isSchoolDay('2026-10-31', saturdays)).toBe(false); // Unity Day
  });
});

describe('school vacations', () => {
  const school = DEFAULT_SCHOOL_CALENDAR;

  it('skips a vacation day when counting school days', () => {
    // Friday 23 October 2026, then the first break (26 October – 1 November): the next school day is Monday 2 November.
    expect(isSchoolDay('2026-10-28', school)).toBe(false);
    expect(addSchoolDays('2026-10-23T09:00:00Z', 1, school)).toBe('2026-11-02T23:00:00.000Z');
    expect(addDuration('2026-10-23T09:00:00Z', { unit: 'schoolDays', value: 1 }, school)).toBe('2026-11-02T23:00:00.000Z');
    expect(schoolDaysBetween('2026-10-23T09:00:00Z', '2026-11-02T10:00:00Z', school)).toBe(1);
    // The same week without the vacation: Monday 26 October is the next school day.
    const noVacations: SchoolCalendar = { ...school, vacations: [] };
    expect(isSchoolDay('2026-10-28', noVacations)).toBe(true);
    expect(addSchoolDays('2026-10-23T09:00:00Z', 1, noVacations)).toBe('2026-10-26T23:00:00.000Z');
  });

  it('a school starts with the national holidays and the 2026–2027 vacations: one in each period of the year', () => {
    expect(school.holidays).toEqual(DEFAULT_CALENDAR.holidays);
    expect(school.saturdayMorning).toBe(false);
    expect(school.vacations).toEqual(VACATIONS_2026_2027);
    const starting = (month: string) => school.vacations.filter((v) => v.from.startsWith(month));
    expect(starting('2026-10')).toHaveLength(1); // first break, late October
    expect([...starting('2027-01'), ...starting('2027-02')]).toHaveLength(1); // mid-year
    expect([...starting('2027-03'), ...starting('2027-04')]).toHaveLength(1); // spring
    expect(starting('2027-06').map((v) => v.label)).toEqual(['vacation.summer']); // end of the year
    for (const v of school.vacations) {
      expect(v.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(v.to >= v.from).toBe(true);
    }
    // Term time between the breaks: the first school week of November and of February are school days.
    expect(isSchoolDay('2026-11-02', school)).toBe(true);
    expect(isSchoolDay('2027-02-08', school)).toBe(true);
  });

  it('stay out of the protocol’s own calendar, which the monitoring window and shifted training cases read', () => {
    expect(DEFAULT_CALENDAR.vacations).toEqual([]);
    expect(isSchoolDay('2026-10-28', DEFAULT_CALENDAR)).toBe(true);
  });

  it('names every default vacation in the three languages, says the dates are to verify, Arabic in Arabic script', () => {
    for (const lang of LANGUAGES) {
      for (const v of school.vacations) expect(VACATION_TEXT[lang][v.label]?.trim(), `${lang} ${v.label}`).toBeTruthy();
      expect(Object.keys(VACATION_TEXT[lang]).sort()).toEqual([...new Set(school.vacations.map((v) => v.label))].sort());
    }
    for (const text of Object.values(VACATION_TEXT.ar)) expect(text).toMatch(/[\u0600-\u06FF]/);
    for (const text of Object.values(VACATION_TEXT.en)) expect(text).toContain('to verify');
  });

  it('completes a calendar saved before vacations and the Saturday setting existed', () => {
    const { vacations: _v, saturdayMorning: _s, ...old } = school;
    const edited = { ...old, holidays: [{ from: '2026-11-02', to: '2026-11-02', label: 'Exams' }] };
    const completed = completeCalendar(edited);
    expect(completed.holidays).toEqual(edited.holidays);
    expect(completed.vacations).toEqual(VACATIONS_2026_2027);
    expect(completed.saturdayMorning).toBe(false);
    expect(completeCalendar({ ...school, saturdayMorning: true, vacations: [] })).toEqual({ ...school, saturdayMorning: true, vacations: [] });
  });
});

describe("Ramadan's clock (UTC+0 from 7 February to 14 March 2027 at 02:00 UTC)", () => {
  // Expected instants worked out by hand: Morocco's legal time is UTC+1, and UTC+0 during Ramadan.
  it('a local date follows the clock in force: 23:30 UTC is still the same day in Ramadan, the next day outside it', () => {
    expect(localDate('2027-02-22T23:30:00Z', DEFAULT_CALENDAR)).toBe('2027-02-22');
    expect(localDate('2026-11-23T23:30:00Z', DEFAULT_CALENDAR)).toBe('2026-11-24');
  });
  it('a deadline ends at local midnight: 00:00 UTC in Ramadan, 23:00 UTC the evening before outside it', () => {
    expect(endOfLocalDay('2027-02-22', DEFAULT_CALENDAR)).toBe('2027-02-23T00:00:00.000Z');
    expect(endOfLocalDay('2026-11-23', DEFAULT_CALENDAR)).toBe('2026-11-23T23:00:00.000Z');
    // The last Ramadan day (Saturday 13 March 2027) ends at midnight UTC+0; the clocks change two hours later.
    expect(endOfLocalDay('2027-03-13', DEFAULT_CALENDAR)).toBe('2027-03-14T00:00:00.000Z');
    expect(endOfLocalDay('2027-03-14', DEFAULT_CALENDAR)).toBe('2027-03-14T23:00:00.000Z');
  });
  it('a wall-clock time reads at the offset in force on that day', () => {
    expect(instantOfLocal('2027-02-22', 10 * 60, DEFAULT_CALENDAR)).toBe('2027-02-22T10:00:00.000Z');
    expect(instantOfLocal('2027-03-15', 10 * 60, DEFAULT_CALENDAR)).toBe('2027-03-15T09:00:00.000Z');
  });
  it('a school-day deadline that falls in Ramadan ends at midnight on the clock then in force', () => {
    // Friday 19 February 2027, 10:00 local (10:00 UTC) + 1 school day → end of Monday 22 February, local midnight.
    expect(addSchoolDays('2027-02-19T10:00:00Z', 1, DEFAULT_CALENDAR)).toBe('2027-02-23T00:00:00.000Z');
  });
});
