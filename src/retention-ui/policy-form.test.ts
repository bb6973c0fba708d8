import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../../protocol/retention';
import { boundsOf, fieldId, formOf, formProblems, policyOf, wholeNumber } from './policy-form';

describe('the retention form', () => {
  it('shows a policy as typed text and reads it back unchanged', () => {
    const form = formOf(DEFAULT_RETENTION);
    expect(form).toMatchObject({ openReviewDays: '90', lastMonth: '08', lastDay: '31', summaryKept: false, summaryYears: '' });
    expect(policyOf(form)).toEqual(DEFAULT_RETENTION);
    const kept = { ...DEFAULT_RETENTION, summaryYears: 4, schoolYearLastDay: '07-15' };
    expect(policyOf(formOf(kept))).toEqual(kept);
    expect(formProblems(form)).toEqual([]);
  });

  it('reads whole numbers only, in Western or Arabic-Indic digits', () => {
    expect(wholeNumber(' 120 ')).toBe(120);
    expect(wholeNumber('١٢٠')).toBe(120);
    for (const typed of ['', '1.5', '-3', '3 days', '1e2']) expect(wholeNumber(typed)).toBeNaN();
  });

  it('names each field out of bounds, with its bounds, in the order of the form', () => {
    const form = { ...formOf(DEFAULT_RETENTION), backupDays: '400', openReviewDays: '', summaryKept: true, summaryYears: '11' };
    expect(formProblems(form)).toEqual([
      { key: 'retention.problem.range', field: 'openReviewDays', vars: { min: 14, max: 365 } },
      { key: 'retention.problem.range', field: 'summaryYears', vars: { min: 1, max: 10 } },
      { key: 'retention.problem.range', field: 'backupDays', vars: { min: 7, max: 365 } },
    ]);
    expect(fieldId('backupDays')).toBe('retention-backupDays');
  });

  it('refuses a ceiling below the kept years and a last day not in the calendar', () => {
    const form = { ...formOf(DEFAULT_RETENTION), closedSchoolYears: '3', ceilingSchoolYears: '2', lastMonth: '02', lastDay: '29' };
    expect(formProblems(form).map((p) => [p.field, p.key])).toEqual([
      ['ceilingSchoolYears', 'retention.problem.ceiling'],
      ['schoolYearLastDay', 'retention.problem.lastDay'],
    ]);
  });

  it('gives each field its default and bounds', () => {
    expect(boundsOf('openReviewDays')).toEqual({ value: 90, min: 14, max: 365 });
    expect(boundsOf('summaryYears')).toEqual({ value: null, min: 1, max: 10 });
  });
});
