import { assert as fcAssert, property } from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS, DIMENSION_VALUES, mergeGroupsOf } from '../../src/stats/dimensions';
import { disclose, mergeDimension, publishCount } from '../../src/stats/disclosure';
import { buildExport, CSV_COLUMNS, toCsv } from '../../src/stats/export';
import { calendar, caseSets, counted, period } from './generators';

const T1 = period('2026-2027-T1');
const YEAR = period('2026-2027');
// After the end of the school year 2026-2027 (2027-09-05): a period is exported only once it has ended.
const AT = '2027-09-10T10:00:00.000Z';
const validValue = (v: string, flag: string) =>
  (v === '0' && flag === 'zero') || (v === '<10' && flag === 'suppressed') || (v === '' && flag === 'withheld') || (flag === 'rounded' && /^\d+$/.test(v) && Number(v) % 5 === 0 && Number(v) >= 10);

describe('publishCount', () => {
  it.each([
    [0, '0', 'zero'],
    [1, '<10', 'suppressed'],
    [9, '<10', 'suppressed'],
    [10, '10', 'rounded'],
    [12, '10', 'rounded'],
    [13, '15', 'rounded'],
    [17, '15', 'rounded'],
    [18, '20', 'rounded'],
    [1002, '1000', 'rounded'],
  ])('%i is published as %s', (n, value, flag) => {
    expect(publishCount(n)).toEqual({ value, flag });
  });

  it('refuses a count that is not a whole number', () => {
    expect(() => publishCount(-1)).toThrow(RangeError);
    expect(() => publishCount(2.5)).toThrow(RangeError);
  });
});

describe('disclose (properties over generated case sets)', () => {
  it('publishes every cell as 0, "<10", a multiple of 5 that is at least 10, or withheld (empty)', () => {
    fcAssert(
      property(caseSets(T1), (facts) => {
        const bad = disclose(counted(facts, T1)).cells.filter((c) => !validValue(c.value, c.flag));
        expect(bad).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('names only whitelisted dimensions and values, in tables of at most two dimensions', () => {
    fcAssert(
      property(caseSets(YEAR), (facts) => {
        const ex = buildExport(counted(facts, YEAR), AT, calendar);
        expect(Object.keys(ex).sort()).toEqual(['cells', 'empty', 'format', 'generatedAt', 'merges', 'period', 'rules', 'school', 'versions', 'withheldTables']);
        expect(Object.keys(ex.period).sort()).toEqual(['from', 'id', 'kind', 'to']);
        const allowed = (dim: string, label: string) => {
          if (dim === '') return label === '';
          if (!(DIMENSIONS as readonly string[]).includes(dim)) return false;
          const values = dim === 'period' ? YEAR.terms.map((t) => t.id) : (DIMENSION_VALUES as Record<string, readonly string[]>)[dim] ?? [];
          return label.split('+').every((v) => values.includes(v));
        };
        for (const c of ex.cells) {
          expect(Object.keys(c).every((k) => ['dim1', 'val1', 'dim2', 'val2', 'value', 'flag', 'percent'].includes(k))).toBe(true);
          expect({ cell: c, allowed: allowed(c.dim1, c.val1) && allowed(c.dim2, c.val2) }).toEqual({ cell: c, allowed: true });
          expect(c.dim1 === '' ? c.dim2 === '' : c.dim2 !== c.dim1).toBe(true);
        }
        const lines = toCsv(ex).slice(1).trimEnd().split('\r\n');
        expect(lines[0]).toBe(CSV_COLUMNS.join(','));
        expect(lines.length - 1).toBe(ex.cells.length);
      }),
      { numRuns: 80 },
    );
  });

  it('computes percentages only from published rounded values over a rounded denominator of at least 20', () => {
    fcAssert(
      property(caseSets(T1, 120), (facts) => {
        const cells = disclose(counted(facts, T1)).cells;
        const total = cells[0];
        for (const c of cells.filter((x) => x.percent !== undefined)) {
          expect(c.flag === 'rounded' || c.flag === 'zero').toBe(true);
          const denominator = c.dim2 === '' ? Number(total?.value) : Number(cells.find((m) => m.dim1 === c.dim1 && m.val1 === c.val1 && m.dim2 === '')?.value);
          expect(denominator).toBeGreaterThanOrEqual(20);
          expect(c.percent).toBe(Math.round((1000 * Number(c.value)) / denominator) / 10);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('is deterministic: the same counts give the same cells', () => {
    fcAssert(
      property(caseSets(T1), (facts) => {
        expect(disclose(counted(facts, T1))).toEqual(disclose(counted([...facts].reverse(), T1)));
      }),
      { numRuns: 40 },
    );
  });
});

describe('disclose (examples)', () => {
  const values = { cycle: 'lowerSecondary', typologyGroup: 'verbalSocial', maxSeverity: '2', hardTrigger: 'no', track: 'A', outcome: 'open', referralChannel: 'none', daysToTriage: 'd0' };
  const fact = (over: Partial<typeof values> = {}, reportedAt = '2026-11-10T09:00:00Z') => ({ reportedAt, values: { ...values, ...over } });

  it('gives an export of zeros for a period with no cases, and says it is empty', () => {
    const d = disclose(counted([], T1));
    expect(d.empty).toBe(true);
    expect(d.cells.length).toBeGreaterThan(1);
    expect(d.cells.every((c) => c.value === '0' && c.flag === 'zero')).toBe(true);
    expect(d.withheldTables).toEqual([]);
  });

  it('publishes only the total when fewer than 10 cases', () => {
    const d = disclose(counted([fact(), fact({ track: 'B' }), fact({ hardTrigger: 'yes' })], T1));
    expect(d.cells).toEqual([{ dim1: '', val1: '', dim2: '', val2: '', value: '<10', flag: 'suppressed' }]);
    expect(d.withheldTables.every((t) => t.reason === 'fewCases')).toBe(true);
  });

  it('merges a dimension whose cases all fall in one category', () => {
    const facts = Array.from({ length: 14 }, (_, i) => fact({ track: i % 2 ? 'A' : 'B' }));
    const d = disclose(counted(facts, T1));
    expect(d.cells.filter((c) => c.dim1 === 'hardTrigger' && c.dim2 === '')).toEqual([{ dim1: 'hardTrigger', val1: 'yes+no', dim2: '', val2: '', value: '15', flag: 'rounded' }]);
    expect(d.merges).toContainEqual({ dim: 'hardTrigger', values: ['yes', 'no'] });
    // Cycle: all lower secondary, merged with its fixed partner (primary), not with whatever is smallest.
    expect(d.cells.filter((c) => c.dim1 === 'cycle' && c.dim2 === '').map((c) => c.val1)).toEqual(['primary+lowerSecondary', 'upperSecondary', 'unknown']);
    // No table says "all the cases were X" of a single category.
    for (const c of d.cells) if (c.value !== '0' && c.dim2 === '' && c.dim1 !== '') expect(c.val1.includes('+') || c.value !== '15').toBe(true);
  });

  it('merges, in the whole export, a category taking a whole row of 10 or more cases', () => {
    const facts = [
      ...Array.from({ length: 12 }, () => fact({ typologyGroup: 'sexual', maxSeverity: '4', hardTrigger: 'yes' })),
      ...Array.from({ length: 20 }, (_, i) => fact({ typologyGroup: 'verbalSocial', maxSeverity: i % 2 ? '2' : '3' })),
    ];
    const d = disclose(counted(facts, T1));
    const table = d.cells.filter((c) => c.dim1 === 'typologyGroup' && c.dim2 === 'maxSeverity');
    expect(table.length).toBeGreaterThan(0);
    // The 12 sexual cases all rated 4: no cell may say so; severity 4 only appears merged with 3, everywhere.
    expect(d.cells.some((c) => (c.dim1 === 'maxSeverity' && c.val1 === '4') || (c.dim2 === 'maxSeverity' && c.val2 === '4'))).toBe(false);
    expect(table.some((c) => c.val2 === '3+4')).toBe(true);
    expect(d.merges).toContainEqual({ dim: 'maxSeverity', values: ['3', '4'] });
    expect(d.merges.every((m) => Object.keys(m).sort().join() === 'dim,values')).toBe(true);
    expect(d.cells.find((c) => c.dim1 === 'maxSeverity' && c.val1 === '3+4' && c.dim2 === '')?.value).toBe('20');
  });

  it('one-way merging joins the fixed group of the single category, and only when there is a single category', () => {
    const days = mergeGroupsOf('daysToTriage', DIMENSION_VALUES.daysToTriage);
    expect(days).toEqual([[0, 1], [2, 3, 4]]);
    expect(mergeDimension([0, 0, 12, 0, 0], days)).toEqual([[0], [1], [2, 3, 4]]);
    expect(mergeDimension([0, 0, 0, 0, 12], days)).toEqual([[0], [1], [2, 3, 4]]);
    expect(mergeDimension([3, 0, 12, 0, 0], days)).toEqual([[0], [1], [2], [3], [4]]);
  });

});
