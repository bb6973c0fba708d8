import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHOOL_CALENDAR } from '../../protocol/calendar';
import { loadScenario } from '../../machines/scenario';
import { currentPeriod, dashboardData, monthsBetween, periodChoices, summarise } from './dashboard-data';

const cal = DEFAULT_SCHOOL_CALENDAR;
const DIR = 'protocol/scenarios';
const scenario = (file: string) => loadScenario(JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8'))).scenario.steps.map((s) => s.event as unknown);
const all = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ events: scenario(f) }));
const choices = periodChoices(cal);
const pick = (id: string) => {
  const p = choices.find((c) => c.id === id);
  if (!p) throw new Error(`no period ${id}`);
  return p;
};
const AFTER_YEAR = '2027-09-10T10:00:00.000Z';

describe('periodChoices and currentPeriod', () => {
  it('lists the school year of the calendar, then its terms', () => {
    expect(choices.map((p) => p.id)).toEqual(['2026-2027', '2026-2027-T1', '2026-2027-T2']);
  });
  it('picks the term running on a day, else the first choice', () => {
    expect(currentPeriod(choices, '2026-11-03')?.id).toBe('2026-2027-T1');
    expect(currentPeriod(choices, '2027-03-10')?.id).toBe('2026-2027-T2');
    expect(currentPeriod(choices, '2030-01-01')?.id).toBe('2026-2027');
  });
});

describe('monthsBetween', () => {
  it('lists every month across a year end', () => {
    expect(monthsBetween('2026-11-20', '2027-02-03')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-11-20', '2026-11-21')).toEqual(['2026-11']);
  });
});

describe('dashboardData', () => {
  it('tells an open case with a deadline overdue from one on time, at the moment the figures are read', () => {
    // Reported, the case lead and the head not yet told: due the same school day.
    const events = scenario('closed-then-reopened.json').slice(0, 1);
    const reportedAt = (events[0] as { at: string }).at;
    const t1 = pick('2026-2027-T1');
    expect(dashboardData([{ events }], t1, 'training', cal, new Date(Date.parse(reportedAt) + 60_000).toISOString()).deadlines).toEqual({ overdue: 0, onTime: 1 });
    expect(dashboardData([{ events }], t1, 'training', cal, AFTER_YEAR).deadlines).toEqual({ overdue: 1, onTime: 0 });
  });

  it('counts each case of the period once, in the month it was reported, as the export counts it', () => {
    const year = pick('2026-2027');
    const d = dashboardData(all, year, 'training', cal, AFTER_YEAR);
    expect(d.exact.total).toBeGreaterThan(0);
    expect(d.months.reduce((n, m) => n + m.opened, 0)).toBe(d.exact.total);
    const closedOutcome = d.exact.total - (d.exact.oneWay.outcome?.[0] ?? 0);
    expect(d.openByStep.reduce((n, s) => n + s.count, 0)).toBe(d.exact.total - closedOutcome);
    expect(d.deadlines.overdue + d.deadlines.onTime).toBe(d.exact.total - closedOutcome);
  });

  it('does not count a case closed then reopened as closed, and keeps it open at its step', () => {
    const events = scenario('closed-then-reopened.json');
    const d = dashboardData([{ events }], pick('2026-2027'), 'training', cal, AFTER_YEAR);
    expect(d.months.find((m) => m.month === '2026-09')?.opened).toBe(1);
    expect(d.months.reduce((n, m) => n + m.closed, 0)).toBe(0);
    expect(d.openByStep).toHaveLength(1);
    expect(d.openByStep[0]?.step).not.toBe('closed');
  });

  it('reads a log only up to now while the period runs', () => {
    const events = scenario('closed-then-reopened.json');
    const close = events.find((e) => (e as { type: string }).type === 'case.close') as { at: string };
    const justAfterClose = new Date(Date.parse(close.at) + 1000).toISOString();
    const d = dashboardData([{ events }], pick('2026-2027-T1'), 'training', cal, justAfterClose);
    expect(d.months.reduce((n, m) => n + m.closed, 0)).toBe(1);
    expect(d.openByStep).toEqual([]);
    // Before the report, nothing at all.
    const before = dashboardData([{ events }], pick('2026-2027-T1'), 'training', cal, '2026-09-01T00:00:00.000Z');
    expect(before.months.reduce((n, m) => n + m.opened, 0)).toBe(0);
  });

  it('leaves out a case reported in another period', () => {
    const events = scenario('closed-then-reopened.json');
    const d = dashboardData([{ events }], pick('2026-2027-T2'), 'training', cal, AFTER_YEAR);
    expect(d.months.every((m) => m.opened === 0 && m.closed === 0)).toBe(true);
    expect(d.openByStep).toEqual([]);
  });
});

describe('durations', () => {
  it('summarises whole days: median (the mean of the middle two for an even count), shortest, longest', () => {
    expect(summarise([])).toEqual({ cases: 0 });
    expect(summarise([5, 1, 3])).toEqual({ cases: 3, median: 3, min: 1, max: 5 });
    expect(summarise([4, 1, 2, 10])).toEqual({ cases: 4, median: 3, min: 1, max: 10 });
  });

  it('measures each case from its report to its first rating, first follow-up and closure, when it reached them', () => {
    const events = scenario('closed-then-reopened.json');
    const first = (type: string) => (events.find((e) => (e as { type: string }).type === type) as { at: string }).at;
    const dayOf = (at: string) => Date.parse(at.slice(0, 10));
    const report = first('case.report');
    const close = first('case.close');
    const justAfterClose = new Date(Date.parse(close) + 1000).toISOString();
    const d = dashboardData([{ events }], pick('2026-2027-T1'), 'training', cal, justAfterClose);
    expect(d.durations.triage).toEqual({ cases: 1, median: 0, min: 0, max: 0 });
    const closure = Math.round((dayOf(close) - dayOf(report)) / 86_400_000);
    expect(closure).toBeGreaterThan(0);
    expect(d.durations.closure).toEqual({ cases: 1, median: closure, min: closure, max: closure });
    // Once reopened, the case is no longer closed: its closure is not measured.
    expect(dashboardData([{ events }], pick('2026-2027-T1'), 'training', cal, AFTER_YEAR).durations.closure).toEqual({ cases: 0 });
  });
});
