/**
 * The statistics export over 10,000 cases (BENCH_STATS_CASES to change it): printed, never asserted.
 *   npx tsx tests/bench/stats-bench.ts
 * 1. aggregate: the scenario library's logs, each copied with its times shifted by whole days (so the copies
 *    spread over the first term and some fall outside it), replayed through the case machine to their facts
 *    at the end of the term, then counted;
 * 2. disclose: disclosure control (merging, rounding, secondary suppression) of those counts;
 * 3. count and disclose 10,000 generated cases whose values are drawn uniformly, as one school, then as 500
 *    schools of 20 (where most cells are small and secondary suppression has work to do).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SCHOOL_CALENDAR } from '../../protocol/calendar';
import { replayRecorded } from '../../machines/replay';
import { loadScenario } from '../../machines/scenario';
import type { CaseEvent } from '../../machines/events';
import { aggregate, countFacts } from '../../src/stats/aggregate';
import { DIMENSION_VALUES } from '../../src/stats/dimensions';
import type { CaseFacts } from '../../src/stats/facts';
import { disclose } from '../../src/stats/disclosure';
import { parsePeriod } from '../../src/stats/period';
import { dashboardData } from '../../src/statistics-ui/dashboard-data';

const N = Number(process.env.BENCH_STATS_CASES ?? 10_000);
const calendar = DEFAULT_SCHOOL_CALENDAR;
const parsed = parsePeriod('2026-2027-T1', calendar);
if (!parsed.ok) throw new Error('period');
const period = parsed.period;
const DAY_MS = 86_400_000;

const dir = 'protocol/scenarios';
const logs = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => loadScenario(JSON.parse(readFileSync(join(dir, f), 'utf8'))).scenario.steps.map((s) => s.event));
const shift = (events: CaseEvent[], days: number) => events.map((e) => ({ ...e, at: new Date(Date.parse(e.at) + days * DAY_MS).toISOString() }));
const histories = Array.from({ length: N }, (_, i) => ({ events: shift(logs[i % logs.length] ?? [], (i % 100) - 65) }));

const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

// Baseline: the same logs replayed whole as the app replays a case when it opens it, nothing counted. The
// aggregate can only be slower by what it adds (the cut at the period's end, reading the facts, counting).
const [, tBaseline] = time(() => histories.forEach((h) => replayRecorded(h.events)));
const [exact, tAggregate] = time(() => aggregate(histories, period, 'bench', calendar));
const [published, tDisclose] = time(() => disclose(exact));
const hidden = published.cells.filter((c) => c.flag === 'suppressed' || c.flag === 'withheld').length;
console.log(`stats: ${N} case logs (${histories.reduce((a, h) => a + h.events.length, 0)} events), ${exact.total} reported in ${period.id}`);
console.log(`  aggregate (replay + count): ${ms(tAggregate)}; disclose: ${ms(tDisclose)}; total ${ms(tAggregate + tDisclose)}; ${published.cells.length} cells, ${hidden} hidden`);
console.log(`  baseline, every log replayed whole as the app opens a case (nothing counted): ${ms(tBaseline)}`);
// The head's dashboard over the same logs (the aggregate, months, durations, deadlines), at the period's end.
const [, tDashboard] = time(() => dashboardData(histories, period, 'bench', calendar, `${period.to}T23:00:00Z`));
console.log(`  the dashboard's figures (aggregate, months, durations, deadlines): ${ms(tDashboard)}`);

// A seeded generator (no Math.random: the same figures' inputs every run).
let seed = 17;
const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = (xs: readonly string[]) => xs[Math.floor(next() * xs.length)] ?? '';
const facts: CaseFacts[] = Array.from({ length: N }, () => ({
  reportedAt: new Date(Date.parse('2026-09-08T09:00:00Z') + Math.floor(next() * 140) * DAY_MS).toISOString(),
  values: Object.fromEntries(Object.entries(DIMENSION_VALUES).map(([k, vs]) => [k, pick(vs)])) as CaseFacts['values'],
}));
const [uniform, tCount] = time(() => countFacts(facts, period, 'bench', calendar));
const [published2, tDisclose2] = time(() => disclose(uniform));
console.log(`  ${N} generated facts (uniform values): count ${ms(tCount)}; disclose ${ms(tDisclose2)}; ${published2.cells.length} cells, ${published2.cells.filter((c) => c.flag !== 'rounded' && c.flag !== 'zero').length} hidden`);

// The same 10,000 generated cases as 500 small schools of 20: where secondary suppression has work to do.
const SCHOOL = 20;
let hiddenSmall = 0;
let tablesWithheld = 0;
const [, tSmall] = time(() => {
  for (let i = 0; i < facts.length; i += SCHOOL) {
    const d = disclose(countFacts(facts.slice(i, i + SCHOOL), period, 'bench', calendar));
    hiddenSmall += d.cells.filter((c) => c.flag === 'suppressed' || c.flag === 'withheld').length;
    tablesWithheld += d.withheldTables.length;
  }
});
console.log(`  the same as ${Math.ceil(N / SCHOOL)} schools of ${SCHOOL} cases: count + disclose ${ms(tSmall)}; ${hiddenSmall} hidden cells, ${tablesWithheld} tables withheld`);
