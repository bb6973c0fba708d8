import { describe, expect, it } from 'vitest';
import { TIFINAGH_MONTHS, longDay } from './dates';

describe('dates in the interface languages', () => {
  it('Darija formats as ar-MA: Moroccan month names, Latin digits', () => {
    expect(longDay('ary', '2026-11-02')).toBe('2 نونبر 2026');
    expect(longDay('ary', '2026-08-31')).toBe('31 غشت 2026');
    expect(longDay('ary', '2027-05-01')).toBe('1 ماي 2027');
  });

  it('Tamazight has its month names in Tifinagh, with or without zgh data in the browser', () => {
    // Chromium has no zgh data: the list falls back to fr-MA, the month names are ours. "zz" stands for it here,
    // whatever ICU this machine's Node carries.
    for (const locales of [['zz', 'fr-MA'], ['zgh', 'fr-MA']]) {
      expect(longDay('zgh', '2026-11-02', locales)).toBe('2 ⵏⵓⵡⴰⵏⴱⵉⵔ 2026');
      expect(longDay('zgh', '2026-01-31', locales)).toBe('31 ⵉⵏⵏⴰⵢⵔ 2026');
      expect(longDay('zgh', '2026-12-09', locales)).toBe('9 ⴷⵓⵊⴰⵏⴱⵉⵔ 2026');
    }
  });

  it('our Tifinagh month names are CLDR\'s (Node ships full ICU, zgh included; Chromium does not)', () => {
    const intl = new Intl.DateTimeFormat('zgh', { month: 'long', timeZone: 'UTC' });
    expect(intl.resolvedOptions().locale).toBe('zgh');
    expect(TIFINAGH_MONTHS.map((_, m) => intl.format(new Date(Date.UTC(2026, m, 1))))).toEqual([...TIFINAGH_MONTHS]);
  });

  it('the full languages keep their own formats, and the day does not move with the time zone', () => {
    expect(longDay('fr', '2026-11-02')).toBe('2 novembre 2026');
    expect(longDay('ar', '2026-12-31')).toBe('31 دجنبر 2026');
  });

  it('refuses what is not a calendar day', () => {
    expect(() => longDay('zgh', '2026-13-45')).toThrow(RangeError);
    expect(() => longDay('ary', '02/11/2026')).toThrow(/yyyy-mm-dd/);
  });
});
