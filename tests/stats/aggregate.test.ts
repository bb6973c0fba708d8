import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../machines/scenario';
import { aggregate } from '../../src/stats/aggregate';
import { caseFacts } from '../../src/stats/facts';
import { cycleOfClass, triageBand, typologyGroupOf, TYPOLOGY_GROUPS } from '../../src/stats/dimensions';
import { CATEGORY_CODES } from '../../protocol/typology';
import { calendar, period } from './generators';

const history = (id: string) => ({ events: loadScenario(JSON.parse(readFileSync(`protocol/scenarios/${id}.json`, 'utf8'))).scenario.steps.map((s) => s.event) });
const LATER = '2027-09-01T00:00:00Z';

describe('case facts (from the replayed log)', () => {
  it('reads an intimate-image extortion case as sexual, level 4, hard trigger, referred to law enforcement', () => {
    expect(caseFacts(history('sextortion-emergency'), LATER, calendar)?.values).toMatchObject({
      typologyGroup: 'sexual',
      maxSeverity: '4',
      hardTrigger: 'yes',
      referralChannel: 'lawEnforcement',
      outcome: 'open',
      cycle: 'lowerSecondary',
      daysToTriage: 'd0',
    });
  });

  it('reads a conflict closed as not bullying, with no track and no referral', () => {
    expect(caseFacts(history('conflict-only'), LATER, calendar)?.values).toMatchObject({ outcome: 'NOT_BULLYING', track: 'none', hardTrigger: 'no', referralChannel: 'none' });
  });

  it('says what the log said at the end of the period: a case resolved later is still open then', () => {
    const h = history('shared-concern-resolved');
    expect(caseFacts(h, '2026-12-01T00:00:00Z', calendar)?.values.outcome).toBe('open');
    expect(caseFacts(h, LATER, calendar)?.values).toMatchObject({ outcome: 'RESOLVED', track: 'A', typologyGroup: 'verbalSocial', maxSeverity: '2' });
    expect(caseFacts(h, '2026-01-01T00:00:00Z', calendar)).toBeUndefined();
  });

  it('puts every category in exactly one of at most six groups, and a case with several in the first it touches', () => {
    expect(TYPOLOGY_GROUPS.length).toBeLessThanOrEqual(6);
    for (const code of CATEGORY_CODES) expect(TYPOLOGY_GROUPS.filter((g) => g.codes.includes(code))).toHaveLength(1);
    expect(typologyGroupOf(['HAR', 'NCII'])).toBe('sexual');
    expect(typologyGroupOf([])).toBe('other');
  });

  it('reads the cycle from the Moroccan level code only, and bands days to triage', () => {
    expect(['6AP-1', '2AC-3', 'TC-2', '1BAC-3', '2 BAC', 'Classe verte', undefined].map(cycleOfClass)).toEqual([
      'primary',
      'lowerSecondary',
      'upperSecondary',
      'upperSecondary',
      'upperSecondary',
      'unknown',
      'unknown',
    ]);
    expect([undefined, 0, 1, 2, 5, 6, 40].map(triageBand)).toEqual(['notTriaged', 'd0', 'd1', 'd2to5', 'd2to5', 'd6plus', 'd6plus']);
  });
});

describe('aggregate', () => {
  const ids = ['sextortion-emergency', 'conflict-only', 'shared-concern-resolved', 'two-families'];

  it('counts the cases reported in the period, each once in every table', () => {
    const exact = aggregate(ids.map(history), period('2026-2027-T1'), 'school-a', calendar);
    expect(exact.total).toBe(4);
    for (const d of exact.dimensions) expect((exact.oneWay[d.id] ?? []).reduce((a, b) => a + b, 0)).toBe(4);
    for (const t of exact.twoWay) expect(t.counts.flat().reduce((a, b) => a + b, 0)).toBe(4);
    const typ = exact.dimensions.find((d) => d.id === 'typologyGroup');
    expect(exact.oneWay.typologyGroup?.[typ?.values.indexOf('sexual') ?? -1]).toBe(1);
  });

  it('breaks a school year down by term, and finds no case of the library in the second term', () => {
    const year = aggregate(ids.map(history), period('2026-2027'), 'school-a', calendar);
    expect(year.dimensions.map((d) => d.id)).toContain('period');
    expect(year.oneWay.period).toEqual([4, 0]);
    expect(aggregate(ids.map(history), period('2026-2027-T2'), 'school-a', calendar).total).toBe(0);
  });

  it('leaves out cases reported before or after the period, and refuses a log it cannot replay', () => {
    const shift = (id: string, days: number) => ({ events: history(id).events.map((e) => ({ ...e, at: new Date(Date.parse(e.at) + days * 86_400_000).toISOString() })) });
    const t1 = period('2026-2027-T1');
    // conflict-only moved to August 2026 (the summer before the year) and to March 2027 (the second term).
    expect(aggregate([shift('conflict-only', -90), shift('conflict-only', 120), history('conflict-only')], t1, 'school-a', calendar).total).toBe(1);
    const broken = history('conflict-only');
    broken.events[3] = { ...broken.events[3], type: 'no.such' } as never;
    expect(() => aggregate([broken], t1, 'school-a', calendar)).toThrow(/event 4/);
  });
});
