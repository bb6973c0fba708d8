import { readFileSync } from 'node:fs';
import { ScenarioError, loadScenario } from './scenario';

const file = () => JSON.parse(readFileSync('protocol/scenarios/threats-of-violence.json', 'utf8')) as { steps: Record<string, unknown>[] };
const text = (s: string) => ({ ar: s, fr: s, en: s });
const problem = (raw: unknown) => {
  try {
    loadScenario(raw);
    return 'none';
  } catch (err) {
    return err instanceof ScenarioError ? err.message : `other: ${String(err)}`;
  }
};

describe('scenario decisions', () => {
  const at14 = (decision: unknown) => {
    const raw = file();
    raw.steps[14] = { event: raw.steps[14]?.event, decision };
    return raw;
  };
  const safe = { text: text('Call now'), safe: true, why: text('Safety first') };

  it('loads the authored decision with its choices and answer', () => {
    const d = loadScenario(file()).scenario.steps[14]?.decision;
    expect(d?.choices.map((c) => c.safe)).toEqual([true, false, false]);
    expect(d?.choices[1]?.refused).toMatchObject({ type: 'track.choose', track: 'A' });
  });

  it('refuses a choice said to be refused that the machine allows at that step', () => {
    const allowed = { text: text('Call the gendarmerie'), safe: false, why: text('x'), refused: { type: 'referral.make', referralId: 'r9', channel: 'gendarmerie177' } };
    expect(problem(at14({ question: text('?'), choices: [safe, allowed], answer: text('!') }))).toBe('event 14: choice 2 says the protocol refuses "referral.make", but in step "emergencyEscalation" it is allowed');
  });

  it('names what is missing or wrong in a decision', () => {
    const unsafe = { text: text('Wait'), safe: false, why: text('Too late') };
    expect(problem(at14({ question: text('?'), choices: [safe], answer: text('!') }))).toBe('event 14: a decision needs at least two "choices"');
    expect(problem(at14({ question: text('?'), choices: [safe, safe], answer: text('!') }))).toBe('event 14: a decision needs at least one safe and one unsafe choice');
    expect(problem(at14({ question: text('?'), choices: [safe, { ...unsafe, why: { ar: 'x', fr: 'x' } }], answer: text('!') }))).toBe('event 14: "choice 2 why" lacks its en text');
    expect(problem(at14({ question: text('?'), choices: [safe, unsafe] }))).toBe('event 14: "decision answer" must give a text in ar, fr and en');
    expect(problem(at14({ question: text('?'), choices: [safe, { ...unsafe, refused: { type: 'track.choose' } }], answer: text('!') }))).toBe(
      'event 14: choice 2: "refused" is not a valid event (missing field "track")',
    );
    expect(problem(at14({ question: text('?'), choices: [{ ...safe, refused: { type: 'track.choose', track: 'A', rationale: 'x' } }, unsafe], answer: text('!') }))).toBe(
      'event 14: choice 1 is safe, so it cannot be "refused"',
    );
  });
});
