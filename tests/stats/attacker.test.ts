import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert as fcAssert, property } from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../machines/scenario';
import { aggregate } from '../../src/stats/aggregate';
import { disclose, publishCount } from '../../src/stats/disclosure';
import type { PublishedCell } from '../../src/stats/disclosure';
import { attack, narrowed } from './attacker';
import { calendar, caseSets, counted, period } from './generators';

const T1 = period('2026-2027-T1');
const YEAR = period('2026-2027');
const DIR = 'protocol/scenarios';
const library = () =>
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ events: loadScenario(JSON.parse(readFileSync(join(DIR, f), 'utf8'))).scenario.steps.map((s) => s.event) }));

const values = { cycle: 'lowerSecondary', typologyGroup: 'verbalSocial', maxSeverity: '2', hardTrigger: 'no', track: 'A', outcome: 'open', referralChannel: 'none', daysToTriage: 'd0' };
const fact = (over: Partial<typeof values>) => ({ reportedAt: '2026-11-10T09:00:00Z', values: { ...values, ...over } });
// 13 track A, 13 track B, 1 with no track: published naively as 25 = 15 + 15 + "<10", the 1 is pinned.
const lopsided = [...Array.from({ length: 13 }, () => fact({ track: 'A' })), ...Array.from({ length: 13 }, () => fact({ track: 'B' })), fact({ track: 'none' })];

/** Primary suppression and rounding only, every table published: what secondary suppression must improve on. */
function naive(facts: typeof lopsided): PublishedCell[] {
  const exact = counted(facts, T1);
  const cells: PublishedCell[] = [{ dim1: '', val1: '', dim2: '', val2: '', ...publishCount(exact.total) }];
  for (const d of exact.dimensions) d.values.forEach((v, i) => cells.push({ dim1: d.id, val1: v, dim2: '', val2: '', ...publishCount(exact.oneWay[d.id]?.[i] ?? 0) }));
  for (const t of exact.twoWay) {
    const [a, b] = t.dims;
    const va = exact.dimensions.find((d) => d.id === a)?.values ?? [];
    const vb = exact.dimensions.find((d) => d.id === b)?.values ?? [];
    t.counts.forEach((row, i) => row.forEach((n, j) => cells.push({ dim1: a, val1: va[i] ?? '', dim2: b, val2: vb[j] ?? '', ...publishCount(n) })));
  }
  return cells;
}

describe('attacker (integer linear programming over one export)', () => {
  it('can fail: it pins a "<10" cell that rounding alone leaves exposed', () => {
    const found = narrowed(naive(lopsided));
    expect(found).toContainEqual({ cell: 'track|none||', min: 1, max: 1 });
  });

  it('finds no suppressed cell narrower than width 2 in that same case set once disclosure control is applied', () => {
    const cells = disclose(counted(lopsided, T1)).cells;
    expect(cells.some((c) => c.flag === 'withheld')).toBe(true);
    expect(narrowed(cells)).toEqual([]);
  });

  it('finds no suppressed cell narrower than width 2 in the export of the scenario library', () => {
    const cells = disclose(aggregate(library(), T1, 'training', calendar)).cells;
    const ranges = attack(cells);
    expect(ranges.length).toBeGreaterThan(0);
    expect(narrowed(cells)).toEqual([]);
  });

  it('finds none in generated case sets of a term (two dimensions and margins together)', () => {
    let hidden = 0;
    let crossHidden = 0;
    fcAssert(
      property(caseSets(T1, 80), (facts) => {
        const cells = disclose(counted(facts, T1)).cells;
        hidden += cells.filter((c) => c.flag === 'suppressed' || c.flag === 'withheld').length;
        crossHidden += cells.filter((c) => c.dim2 !== '' && (c.flag === 'suppressed' || c.flag === 'withheld')).length;
        expect(narrowed(cells)).toEqual([]);
      }),
      { numRuns: 40 },
    );
    // The property must have had something to attack, in the margins and inside two-way tables.
    expect(hidden).toBeGreaterThan(100);
    expect(crossHidden).toBeGreaterThan(20);
  });

  it('finds none in generated case sets of a school year (with the period dimension)', () => {
    fcAssert(
      property(caseSets(YEAR, 80), (facts) => {
        expect(narrowed(disclose(counted(facts, YEAR)).cells)).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});
