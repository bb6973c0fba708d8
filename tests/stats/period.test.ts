import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, DEFAULT_SCHOOL_CALENDAR } from '../../protocol/calendar';
import { LANGUAGES } from '../../protocol/languages';
import { checkIssue, registerIssue } from '../../src/stats/issuance';
import { statsMessage } from '../../src/stats/messages';
import { inPeriod, parsePeriod, periodEnded, termOf } from '../../src/stats/period';
import { period } from './generators';

const cal = DEFAULT_SCHOOL_CALENDAR;

describe('periods from the school calendar', () => {
  it('splits 2026-2027 into two terms at the mid-year break, from the first day of lessons to the end of summer', () => {
    expect(period('2026-2027-T1')).toMatchObject({ kind: 'term', from: '2026-09-07', to: '2027-02-07' });
    expect(period('2026-2027-T2')).toMatchObject({ kind: 'term', from: '2027-02-08', to: '2027-09-05' });
    const year = period('2026-2027');
    expect(year).toMatchObject({ kind: 'year', from: '2026-09-07', to: '2027-09-05' });
    expect(year.terms.map((t) => t.id)).toEqual(['2026-2027-T1', '2026-2027-T2']);
  });

  it('reads instants in school local time, whatever the machine time zone', () => {
    const t1 = period('2026-2027-T1');
    // 23:30 UTC on 6 September is 00:30 on the 7th in Morocco (UTC+1): the first day of the year.
    expect(inPeriod('2026-09-06T23:30:00Z', t1, cal)).toBe(true);
    expect(inPeriod('2026-09-06T22:30:00Z', t1, cal)).toBe(false);
    const year = period('2026-2027');
    expect(termOf('2027-02-07T12:00:00Z', year, cal)).toBe('2026-2027-T1');
    expect(termOf('2027-02-08T12:00:00Z', year, cal)).toBe('2026-2027-T2');
  });

  it.each([
    ['2026', 'malformed'],
    ['2026-27-T1', 'malformed'],
    ['2026-2027-S1', 'malformed'],
    ['2026-2027-T', 'malformed'],
    ['T1-2026-2027', 'malformed'],
    ['', 'malformed'],
    ['2026-2028', 'notConsecutive'],
    ['2026-2027-T3', 'noSuchTerm'],
    ['2026-2027-T0', 'noSuchTerm'],
    ['2031-2032', 'noCalendar'],
  ])('refuses "%s" (%s)', (input, code) => {
    const r = parsePeriod(input, cal);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.code).toBe(code);
  });

  it('refuses a year the calendar has no vacations for (no guessing of terms)', () => {
    const r = parsePeriod('2026-2027-T1', DEFAULT_CALENDAR);
    expect(r.ok ? 'ok' : r.problem.code).toBe('noCalendar');
  });

  it('words a malformed period clearly in ar, fr and en, naming the input and the expected form', () => {
    const r = parsePeriod('2026/27', cal);
    if (r.ok) throw new Error('accepted');
    const texts = LANGUAGES.map((l) => statsMessage(l, r.problem.code, { ...r.problem }));
    for (const t of texts) {
      expect(t).toContain('2026/27');
      expect(t).toContain('2026-2027-T1');
      expect(t).not.toMatch(/\{\w+\}/);
    }
    expect(new Set(texts).size).toBe(3);
  });
});

describe('issuing periods (differencing)', () => {
  const p = (id: string, school = 'school-a', digest = 'figures-1') => {
    const { from, to } = period(id);
    return { school, id, from, to, digest };
  };

  it('lets the first export of a period through, and a re-issue replace it', () => {
    expect(checkIssue([], p('2026-2027-T1'))).toEqual({ ok: true, replaces: undefined });
    expect(checkIssue([p('2026-2027-T1')], p('2026-2027-T1'))).toEqual({ ok: true, replaces: p('2026-2027-T1') });
    expect(registerIssue([p('2026-2027-T1'), p('2026-2027-T1', 'school-b')], p('2026-2027-T1'))).toEqual([p('2026-2027-T1', 'school-b'), p('2026-2027-T1')]);
  });

  it('allows the two terms of a year, and refuses the year once a term is out (and the reverse)', () => {
    expect(checkIssue([p('2026-2027-T1')], p('2026-2027-T2')).ok).toBe(true);
    expect(checkIssue([p('2026-2027-T1')], p('2026-2027'))).toEqual({ ok: false, code: 'overlap', overlapsWith: p('2026-2027-T1') });
    expect(checkIssue([p('2026-2027')], p('2026-2027-T2'))).toMatchObject({ ok: false, code: 'overlap' });
    expect(() => registerIssue([p('2026-2027')], p('2026-2027-T2'))).toThrow(/overlaps/);
  });

  it('ignores other schools, and refuses a "same" period whose dates have moved', () => {
    expect(checkIssue([p('2026-2027', 'school-b')], p('2026-2027-T1')).ok).toBe(true);
    const moved = { ...p('2026-2027-T1'), to: '2027-01-31' };
    expect(checkIssue([moved], p('2026-2027-T1'))).toMatchObject({ ok: false, code: 'overlap' });
  });

  it('refuses a re-issue whose figures differ from the earlier one, and allows an identical one (idempotent)', () => {
    const first = p('2026-2027-T1', 'school-a', 'figures-1');
    expect(checkIssue([first], p('2026-2027-T1', 'school-a', 'figures-2'))).toEqual({ ok: false, code: 'changed', earlier: first });
    expect(() => registerIssue([first], p('2026-2027-T1', 'school-a', 'figures-2'))).toThrow(/other figures/);
    expect(checkIssue([first], p('2026-2027-T1', 'school-a', 'figures-1'))).toEqual({ ok: true, replaces: first });
    // Another school's figures for the same period are none of this school's register.
    expect(checkIssue([p('2026-2027-T1', 'school-b', 'figures-9')], first)).toEqual({ ok: true, replaces: undefined });
    // Asked for as a correction, other figures replace the earlier export in the register.
    expect(checkIssue([first], p('2026-2027-T1', 'school-a', 'figures-2'), { correction: true })).toEqual({ ok: true, replaces: first, correction: true });
    expect(registerIssue([first], p('2026-2027-T1', 'school-a', 'figures-2'), { correction: true })).toEqual([p('2026-2027-T1', 'school-a', 'figures-2')]);
    // A correction never lifts an overlap.
    expect(checkIssue([first], p('2026-2027', 'school-a', 'figures-3'), { correction: true })).toMatchObject({ ok: false, code: 'overlap' });
  });

  it('words the refusal of changed figures in ar, fr and en: the earlier export stands, a correction is asked for as such and the AREF destroys the earlier files', () => {
    const texts = LANGUAGES.map((l) => statsMessage(l, 'changed', { period: '2026-2027-T1' }));
    for (const t of texts) {
      expect(t).toContain('2026-2027-T1');
      expect(t).toContain('AREF');
      expect(t).not.toMatch(/\{\w+\}/);
    }
    expect(statsMessage('en', 'changed', { period: 'P' })).toContain('The earlier export stands. If these figures correct it, issue them as a correction');
    expect(statsMessage('fr', 'changed', { period: 'P' })).toContain('L’export précédent reste valable. Si ces chiffres le corrigent, émettez-les comme correction');
    expect(statsMessage('ar', 'changed', { period: 'P' })).toContain('يبقى التصدير السابق ساري المفعول');
    expect(new Set(texts).size).toBe(3);
  });

  it('exports a period only once its last local day is over, whatever the machine time zone', () => {
    const t1 = period('2026-2027-T1'); // ends 2027-02-07
    // Morocco is at UTC+0 for Ramadan from 7 February 2027: 23:30 UTC on the 7th is still the 7th (it would be
    // the 8th at UTC+1), midnight UTC is the 8th.
    expect(periodEnded(t1, '2027-02-07T23:30:00Z', cal)).toBe(false);
    expect(periodEnded(t1, '2027-02-08T00:00:00Z', cal)).toBe(true);
    expect(periodEnded(t1, '2026-12-01T10:00:00Z', cal)).toBe(false);
    expect(periodEnded(period('2026-2027'), '2027-03-01T10:00:00Z', cal)).toBe(false);
  });
});
