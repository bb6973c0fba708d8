import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, addDuration, addSchoolDays, isSchoolDay, localDate, schoolDaysBetween } from './calendar';
import type { SchoolCalendar } from './calendar';

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
