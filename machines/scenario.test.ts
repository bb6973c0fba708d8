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
  // The step of the police call, where the story asks the room what to do.
  const asked = file().steps.findIndex((s) => s.decision !== undefined);
  const n = asked + 1;
  const atCall = (decision: unknown) => {
    const raw = file();
    raw.steps[asked] = { event: raw.steps[asked]?.event, decision };
    return raw;
  };
  const safe = { text: text('Call now'), safe: true, why: text('Safety first') };

  it('loads the authored decision with its choices and answer', () => {
    const d = loadScenario(file()).scenario.steps[asked]?.decision;
    expect(d?.choices.map((c) => c.safe)).toEqual([true, false, false]);
    expect(d?.choices[1]?.refused).toMatchObject({ type: 'track.choose', track: 'A' });
  });

  it('refuses a choice said to be refused that the machine allows at that step', () => {
    const allowed = { text: text('Call the gendarmerie'), safe: false, why: text('x'), refused: { type: 'referral.make', referralId: 'r9', channel: 'gendarmerie177' } };
    expect(problem(atCall({ question: text('?'), choices: [safe, allowed], answer: text('!') }))).toBe(`event ${n}: choice 2 says the protocol refuses "referral.make", but in step "emergencyEscalation" it is allowed`);
  });

  it('names what is missing or wrong in a decision', () => {
    const unsafe = { text: text('Wait'), safe: false, why: text('Too late') };
    expect(problem(atCall({ question: text('?'), choices: [safe], answer: text('!') }))).toBe(`event ${n}: a decision needs at least two "choices"`);
    expect(problem(atCall({ question: text('?'), choices: [safe, safe], answer: text('!') }))).toBe(`event ${n}: a decision needs at least one safe and one unsafe choice`);
    expect(problem(atCall({ question: text('?'), choices: [safe, { ...unsafe, why: { ar: 'x', fr: 'x' } }], answer: text('!') }))).toBe(`event ${n}: "choice 2 why" lacks its en text`);
    expect(problem(atCall({ question: text('?'), choices: [safe, unsafe] }))).toBe(`event ${n}: "decision answer" must give a text in ar, fr and en`);
    expect(problem(atCall({ question: text('?'), choices: [safe, { ...unsafe, refused: { type: 'track.choose' } }], answer: text('!') }))).toBe(
      `event ${n}: choice 2: "refused" is not a valid event ("track.choose": missing field "track")`,
    );
    expect(problem(atCall({ question: text('?'), choices: [{ ...safe, refused: { type: 'track.choose', track: 'A', rationale: 'x' } }, unsafe], answer: text('!') }))).toBe(
      `event ${n}: choice 1 is safe, so it cannot be "refused"`,
    );
  });
});
