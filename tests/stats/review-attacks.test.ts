// Regressions for the adversarial review of 20df6e3 (statistics export): each test is an attack that worked then.
import { assert as fcAssert, constantFrom, property, record } from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIMENSION_VALUES, MERGE_GROUPS, mergeGroupsOf } from '../../src/stats/dimensions';
import type { DimensionId } from '../../src/stats/dimensions';
import { disclose, mergeDimension, RULES } from '../../src/stats/disclosure';
import type { Disclosed, PublishedCell } from '../../src/stats/disclosure';
import { buildExport, csvField, exportFileNames, normaliseGeneratedAt, toCsv } from '../../src/stats/export';
import { checkIssue, exportDigest } from '../../src/stats/issuance';
import { attack, narrowed } from './attacker';
import { calendar, caseSets, counted, period } from './generators';

const T1 = period('2026-2027-T1');
const YEAR = period('2026-2027');
const AFTER_T1 = '2027-03-01T10:00:00Z';
const base = { cycle: 'lowerSecondary', typologyGroup: 'verbalSocial', maxSeverity: '2', hardTrigger: 'no', track: 'A', outcome: 'open', referralChannel: 'none', daysToTriage: 'd0' };
type V = typeof base;
const fact = (over: Partial<V> = {}, reportedAt = '2026-11-10T09:00:00Z') => ({ reportedAt, values: { ...base, ...over } });
const many = (n: number, over: Partial<V> = {}) => Array.from({ length: n }, () => fact(over));
const margin = (d: Disclosed, dim: string) => d.cells.filter((c) => c.dim1 === dim && c.dim2 === '');
const values = (dim: Exclude<DimensionId, 'period'>) => DIMENSION_VALUES[dim];
const DIMS = Object.keys(DIMENSION_VALUES) as Exclude<DimensionId, 'period'>[];

describe('review, medium 3: a merged label does not say which category held every case', () => {
  it('merge groups are fixed in advance: every value in exactly one group of at least two', () => {
    for (const dim of DIMS) {
      const flat = MERGE_GROUPS[dim].flat();
      expect([...flat].sort()).toEqual([...values(dim)].sort());
      expect(MERGE_GROUPS[dim].every((g) => g.length >= 2)).toBe(true);
    }
    expect(mergeGroupsOf('period', ['T1', 'T2'])).toEqual([[0, 1]]);
    expect(mergeGroupsOf('period', ['T1', 'T2', 'T3'])).toEqual([[0, 1, 2]]);
  });

  it('the label is the same whichever member of the group holds all the cases, so each label comes from two or more', () => {
    const decodable: string[] = [];
    for (const dim of DIMS) {
      const vs = values(dim);
      const fixed = mergeGroupsOf(dim, vs);
      const byLabel = new Map<string, string[]>();
      vs.forEach((v, i) => {
        const counts = vs.map((_, j) => (j === i ? 12 : 0));
        const g = mergeDimension(counts, fixed).find((x) => x.includes(i)) ?? [];
        const label = g.map((k) => vs[k]).join('+');
        byLabel.set(label, [...(byLabel.get(label) ?? []), v]);
      });
      for (const [label, from] of byLabel) if (from.length < 2) decodable.push(`${dim}: "${label}" => every case was ${from[0]}`);
      // Exactly the fixed groups come out as labels.
      expect([...byLabel.keys()].sort()).toEqual(MERGE_GROUPS[dim].map((g) => [...g].sort((a, b) => vs.indexOf(a) - vs.indexOf(b)).join('+')).sort());
    }
    expect(decodable).toEqual([]);
  });

  it('end to end: 12 sexual cases at severity 4 publish the same labels as 12 threatsHate cases at severity 3', () => {
    const a = disclose(counted(many(12, { typologyGroup: 'sexual', maxSeverity: '4' }), T1));
    const b = disclose(counted(many(12, { typologyGroup: 'threatsHate', maxSeverity: '3' }), T1));
    const labels = (d: Disclosed) => [...margin(d, 'typologyGroup'), ...margin(d, 'maxSeverity')].filter((c) => c.value !== '0').map((c) => `${c.dim1}=${c.val1}:${c.value}`);
    expect(labels(a)).toEqual(['typologyGroup=sexual+threatsHate:10', 'maxSeverity=3+4:10']);
    expect(labels(b)).toEqual(labels(a));
    expect(a.cells).toEqual(b.cells);
  });
});

describe('review, high 2: a whole row in one category cannot be decoded from merges and margins', () => {
  // The reviewer's reproduction: all 12 sexual cases rated 4.
  const repro = [
    ...many(12, { typologyGroup: 'sexual', maxSeverity: '4' }),
    ...many(2, { typologyGroup: 'threatsHate', maxSeverity: '4' }),
    ...many(5, { maxSeverity: '1' }),
    ...many(5, { maxSeverity: '2' }),
    ...many(3, { maxSeverity: '3' }),
  ];

  it('merges severity 3 and 4 in the whole export: no cell, margin or merge names 3 or 4 alone, none is table-local', () => {
    const d = disclose(counted(repro, T1));
    const severityLabels = d.cells.flatMap((c) => [c.dim1 === 'maxSeverity' ? c.val1 : undefined, c.dim2 === 'maxSeverity' ? c.val2 : undefined]).filter((x) => x !== undefined);
    expect(severityLabels.length).toBeGreaterThan(3);
    expect(severityLabels.filter((l) => l === '3' || l === '4')).toEqual([]);
    expect(severityLabels).toContain('3+4');
    expect(d.merges).toContainEqual({ dim: 'maxSeverity', values: ['3', '4'] });
    expect(d.merges.every((m) => Object.keys(m).sort().join() === 'dim,values')).toBe(true);
    // The same figures whichever of 3 and 4 the sexual cases were rated: the export cannot tell them apart.
    const at3 = repro.map((f) => (f.values.typologyGroup === 'sexual' ? { ...f, values: { ...f.values, maxSeverity: '3' } } : f));
    expect(disclose(counted(at3, T1)).cells).toEqual(d.cells);
  });

  it('the ILP attacker pins nothing in the reproduction', () => {
    const d = disclose(counted(repro, T1));
    expect(attack(d.cells).length).toBeGreaterThan(0);
    expect(narrowed(d.cells)).toEqual([]);
  });

  /** Lines of published two-way tables that visibly hold every case in one single (unmerged) category. */
  function singleCategoryLines(cells: readonly PublishedCell[]): string[] {
    const out: string[] = [];
    const tables = new Map<string, PublishedCell[]>();
    for (const c of cells) if (c.dim2 !== '') tables.set(`${c.dim1}x${c.dim2}`, [...(tables.get(`${c.dim1}x${c.dim2}`) ?? []), c]);
    const marginValue = (dim: string, label: string) => cells.find((c) => c.dim1 === dim && c.dim2 === '' && c.val1 === label);
    for (const [name, t] of tables) {
      for (const side of ['row', 'col'] as const) {
        const lineOf = (c: PublishedCell) => (side === 'row' ? c.val1 : c.val2);
        const otherOf = (c: PublishedCell) => (side === 'row' ? c.val2 : c.val1);
        const lineDim = side === 'row' ? t[0]?.dim1 : t[0]?.dim2;
        for (const line of new Set(t.map(lineOf))) {
          const cs = t.filter((c) => lineOf(c) === line);
          const m = marginValue(lineDim ?? '', line);
          if (cs.length < 2 || !m || m.flag !== 'rounded') continue;
          const open = cs.filter((c) => c.value !== '0');
          const only = open[0];
          if (open.length === 1 && only && !otherOf(only).includes('+')) out.push(`${name}: ${line} all in ${otherOf(only)}`);
        }
      }
    }
    return out;
  }

  it('no published line of 10 or more shows all its cases in one single category (generated terms and years)', () => {
    expect(singleCategoryLines(disclose(counted(repro, T1)).cells)).toEqual([]);
    // Severity a function of the typology group, and the track of the outcome: every such row is in one category.
    const severityOf = record(Object.fromEntries(values('typologyGroup').map((g) => [g, constantFrom(...values('maxSeverity'))])) as Record<string, Arbitrary<string>>);
    const trackOf = record(Object.fromEntries(values('outcome').map((o) => [o, constantFrom(...values('track'))])) as Record<string, Arbitrary<string>>);
    let lines = 0;
    fcAssert(
      property(caseSets(T1, 80), severityOf, trackOf, (facts, sev, trk) => {
        const tied = facts.map((f) => ({ ...f, values: { ...f.values, maxSeverity: sev[f.values.typologyGroup] ?? '0', track: trk[f.values.outcome] ?? 'A' } }));
        const exact = counted(tied, T1);
        lines += exact.twoWay.filter((t) => t.dims.join() === 'typologyGroup,maxSeverity').flatMap((t) => t.counts).filter((row) => row.reduce((x, y) => x + y, 0) >= 10).length;
        expect(singleCategoryLines(disclose(exact).cells)).toEqual([]);
      }),
      { numRuns: 100 },
    );
    expect(lines).toBeGreaterThan(50);
    fcAssert(
      property(caseSets(T1, 80), (facts) => {
        expect(singleCategoryLines(disclose(counted(facts, T1)).cells)).toEqual([]);
      }),
      { numRuns: 100 },
    );
    fcAssert(
      property(caseSets(YEAR, 80), (facts) => {
        expect(singleCategoryLines(disclose(counted(facts, YEAR)).cells)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('every dimension is cut the same way in its margin and in all its two-way tables (no table-local merge)', () => {
    fcAssert(
      property(caseSets(T1, 80), (facts) => {
        const cells = disclose(counted(facts, T1)).cells;
        const marginLabels = new Map<string, Set<string>>();
        for (const c of cells) if (c.dim1 !== '' && c.dim2 === '') marginLabels.set(c.dim1, (marginLabels.get(c.dim1) ?? new Set()).add(c.val1));
        for (const c of cells.filter((x) => x.dim2 !== '')) {
          expect(marginLabels.get(c.dim1)?.has(c.val1)).toBe(true);
          expect(marginLabels.get(c.dim2)?.has(c.val2)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the detector can fail: it sees a line published in one single category', () => {
    const cell = (val1: string, val2: string, value: string, flag: PublishedCell['flag']): PublishedCell => ({ dim1: 'typologyGroup', val1, dim2: 'maxSeverity', val2, value, flag });
    const cells: PublishedCell[] = [
      { dim1: 'typologyGroup', val1: 'sexual', dim2: '', val2: '', value: '10', flag: 'rounded' },
      cell('sexual', '3', '0', 'zero'),
      cell('sexual', '4', '10', 'rounded'),
    ];
    expect(singleCategoryLines(cells)).toEqual(['typologyGroupxmaxSeverity: sexual all in 4']);
  });
});

describe('review, high 1: re-issues and unfinished periods cannot be subtracted', () => {
  const register = async (ex: ReturnType<typeof buildExport>) => ({ school: ex.school, id: ex.period.id, from: ex.period.from, to: ex.period.to, digest: await exportDigest(ex) });

  it('refuses a re-issue after one more case (the difference would name the new case), allows an identical one', async () => {
    const before = [...many(14, { track: 'A' }), ...many(6, { track: 'B', typologyGroup: 'identityPrivacy' })];
    const added = fact({ track: 'B', typologyGroup: 'sexual', maxSeverity: '4', hardTrigger: 'yes' });
    const first = buildExport(counted(before, T1), AFTER_T1, calendar);
    const second = buildExport(counted([...before, added], T1), '2027-04-01T10:00:00Z', calendar);
    expect(await exportDigest(second)).not.toBe(await exportDigest(first));
    expect(checkIssue([await register(first)], await register(second))).toEqual({ ok: false, code: 'changed', earlier: await register(first) });
    const again = buildExport(counted([...before].reverse(), T1), '2027-05-01T10:00:00Z', calendar);
    expect(checkIssue([await register(first)], await register(again))).toEqual({ ok: true, replaces: await register(first) });
  });

  it('refuses to build the export of a period that has not ended at generatedAt', () => {
    expect(() => buildExport(counted(many(12), T1), '2026-12-01T10:00:00Z', calendar)).toThrow(/ends on 2027-02-07/);
    expect(() => buildExport(counted(many(12), T1), '2027-02-07T23:30:00Z', calendar)).toThrow(RangeError);
    expect(buildExport(counted(many(12), T1), '2027-02-08T00:00:00Z', calendar).generatedAt).toBe('2027-02-08T00:00:00.000Z');
  });

  it('digests every published figure (SHA-256 itself is checked in digest.test.ts)', async () => {
    const d = disclose(counted(many(20), T1));
    const first = d.cells[0] as PublishedCell;
    expect(await exportDigest({ ...d, cells: [{ ...first, flag: 'suppressed' }, ...d.cells.slice(1)] })).not.toBe(await exportDigest(d));
    expect(await exportDigest({ ...d, withheldTables: [{ dims: ['track'], reason: 'unprotectable' }] })).not.toBe(await exportDigest(d));
  });
});

describe('review, low: nothing free-form reaches the files', () => {
  it('takes generatedAt only as a strict UTC ISO time and stores it as toISOString()', () => {
    expect(() => buildExport(counted(many(12), T1), 'Tue Mar 01 2027 10:00:00 GMT+0000 (Fatima Zahra 3AC-2 NCII)', calendar)).toThrow(RangeError);
    for (const bad of ['2027-03-01', '2027-03-01T10:00:00+01:00', '2027-03-01 10:00:00Z', '2027-02-30T10:00:00Z', '2027-03-01T10:00:00Z ', '+02027-03-01T10:00:00Z']) expect(normaliseGeneratedAt(bad)).toBeUndefined();
    expect(normaliseGeneratedAt('2027-03-01T10:00Z')).toBe('2027-03-01T10:00:00.000Z');
    expect(normaliseGeneratedAt('2027-03-01T10:00:05.5Z')).toBe('2027-03-01T10:00:05.500Z');
    expect(buildExport(counted(many(12), T1), '2027-03-01T10:00Z', calendar).generatedAt).toBe('2027-03-01T10:00:00.000Z');
  });

  it('neutralises a leading = + - @ tab or carriage return in a CSV field', () => {
    for (const v of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=HYPERLINK("x")', '\r=1']) expect(csvField(v).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvField('<10')).toBe('<10');
    expect(csvField('verbalSocial+sexual')).toBe('verbalSocial+sexual');
  });

  it('validates the school id in the pure functions, not only in the CLI', () => {
    for (const bad of ['\t=HYPERLINK("http://x")', '-x', 'École', '../x', '']) {
      expect(() => buildExport({ ...counted(many(12), T1), school: bad }, AFTER_T1, calendar)).toThrow(RangeError);
      expect(() => exportFileNames(bad, T1.id)).toThrow(RangeError);
    }
    expect(() => exportFileNames('school-1', '../../x')).toThrow(RangeError);
    expect(exportFileNames('school-1', T1.id)).toEqual({ csv: 'sanad-stats-school-1-2026-2027-T1.csv', json: 'sanad-stats-school-1-2026-2027-T1.json', pdf: 'sanad-stats-school-1-2026-2027-T1.pdf' });
    expect(toCsv(buildExport({ ...counted(many(12), T1), school: 'school-1' }, AFTER_T1, calendar))).toContain(',school-1,');
  });

  it('states the rules the code applies (fixed groups, no table-local merge, issuance)', () => {
    expect(RULES.merging).toContain('fixed merge groups');
    expect(RULES.merging).not.toContain('in that table only');
    expect(RULES.secondarySuppression).toContain('margin');
    expect(RULES.issuance).toContain('only after its last day');
  });
});

describe('review: the ILP attacker on more case sets', () => {
  it('terms, small schools (up to 30 cases)', () => {
    fcAssert(property(caseSets(T1, 30), (facts) => {
      expect(narrowed(disclose(counted(facts, T1)).cells)).toEqual([]);
    }), { numRuns: 150 });
  });
  it('years, up to 150 cases', () => {
    fcAssert(property(caseSets(YEAR, 150), (facts) => {
      expect(narrowed(disclose(counted(facts, YEAR)).cells)).toEqual([]);
    }), { numRuns: 25 });
  });
});
