import { array, constantFrom, integer, record, subarray } from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { DEFAULT_SCHOOL_CALENDAR, instantOfLocal } from '../../protocol/calendar';
import { countFacts } from '../../src/stats/aggregate';
import type { ExactCounts } from '../../src/stats/aggregate';
import { DIMENSION_VALUES } from '../../src/stats/dimensions';
import type { CaseFacts } from '../../src/stats/facts';
import { parsePeriod } from '../../src/stats/period';
import type { Period } from '../../src/stats/period';

export const calendar = DEFAULT_SCHOOL_CALENDAR;

export function period(id: string): Period {
  const p = parsePeriod(id, calendar);
  if (!p.ok) throw new Error(`test period ${id}: ${p.problem.code}`);
  return p.period;
}

type Values = CaseFacts['values'];
const KEYS = Object.keys(DIMENSION_VALUES) as (keyof Values)[];
const DAY_MS = 86_400_000;

/**
 * Case sets as a school has them: each set draws every dimension from a few of its values (real schools are
 * lopsided: most cases verbal, most never referred), in sizes from none to a few dozen, plus some larger ones.
 */
export function caseSets(p: Period, maxCases = 60): Arbitrary<CaseFacts[]> {
  const profile = record(
    Object.fromEntries(KEYS.map((k) => [k, subarray([...DIMENSION_VALUES[k]], { minLength: 1 })])) as Record<keyof Values, Arbitrary<string[]>>,
  );
  const days = Math.round((Date.parse(p.to) - Date.parse(p.from)) / DAY_MS);
  return profile.chain((allowed) => {
    const fact = record({
      day: integer({ min: 0, max: days }),
      minutes: integer({ min: 0, max: 1439 }),
      values: record(Object.fromEntries(KEYS.map((k) => [k, constantFrom(...allowed[k])])) as Record<keyof Values, Arbitrary<string>>),
    });
    return array(fact, { maxLength: maxCases, size: 'max' }).map((xs) =>
      xs.map(({ day, minutes, values }) => ({
        reportedAt: instantOfLocal(new Date(Date.parse(p.from) + day * DAY_MS).toISOString().slice(0, 10), minutes, calendar),
        values,
      })),
    );
  });
}

export const counted = (facts: readonly CaseFacts[], p: Period, school = 'test-school'): ExactCounts => countFacts(facts, p, school, calendar);
