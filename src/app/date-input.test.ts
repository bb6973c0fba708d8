import { describe, expect, it } from 'vitest';
import { formatDayMonthYear, instantAt, parseDayMonthYear, parseTime } from './date-input';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';

describe('dates typed day first', () => {
  it('reads the day before the month, whatever the separator or digits', () => {
    expect(parseDayMonthYear('03/02/2027')).toBe('2027-02-03');
    expect(parseDayMonthYear('3.2.2027')).toBe('2027-02-03');
    expect(parseDayMonthYear(' 3 - 2 - 2027 ')).toBe('2027-02-03');
    expect(parseDayMonthYear('٠٣/٠٢/٢٠٢٧')).toBe('2027-02-03');
    expect(parseDayMonthYear('۳/۲/۲۰۲۷')).toBe('2027-02-03');
  });

  it('refuses what is not a real day', () => {
    for (const bad of ['', '31/04/2027', '29/02/2027', '00/01/2027', '12/13/2027', '2027-02-03', '3/2/27', 'tomorrow']) expect({ bad, parsed: parseDayMonthYear(bad) }).toEqual({ bad, parsed: null });
    expect(parseDayMonthYear('29/02/2028')).toBe('2028-02-29');
  });

  it('writes a date back day first', () => {
    expect(formatDayMonthYear('2027-02-03')).toBe('03/02/2027');
    expect(formatDayMonthYear(parseDayMonthYear('9/11/2026')!)).toBe('09/11/2026');
  });

  it('reads a time of day', () => {
    expect(parseTime('14:30')).toBe('14:30');
    expect(parseTime('9h05')).toBe('09:05');
    expect(parseTime('0930')).toBe('09:30');
    expect(parseTime('١٤:٣٠')).toBe('14:30');
    for (const bad of ['24:00', '12:60', '', 'noon']) expect({ bad, parsed: parseTime(bad) }).toEqual({ bad, parsed: null });
  });

  it('turns a day and time at the school offset into an instant', () => {
    expect(instantAt('2026-11-03', '10:00', DEFAULT_CALENDAR)).toBe('2026-11-03T09:00:00.000Z');
    expect(instantAt('2026-11-03', '00:30', DEFAULT_CALENDAR)).toBe('2026-11-02T23:30:00.000Z');
    // In Ramadan 2027 Morocco's clocks are at UTC+0: 10:00 on the school's clock is 10:00 UTC.
    expect(instantAt('2027-02-22', '10:00', DEFAULT_CALENDAR)).toBe('2027-02-22T10:00:00.000Z');
  });
});
