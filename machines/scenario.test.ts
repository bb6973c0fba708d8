import { readFileSync } from 'node:fs';
import { ScenarioError, loadScenario, scenarioIn } from './scenario';

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

describe('scenario languages (format 2)', () => {
  type Raw = { format: string; steps: { event: Record<string, unknown>; eventText?: Record<string, Record<string, unknown>> }[] };
  const raw = () => file() as unknown as Raw;
  const report = (r: Raw) => r.steps.findIndex((s) => s.event.type === 'intake.submit');

  it('builds the events in one language, as plain events the machine replays the same way', () => {
    const { scenario, snapshot } = loadScenario(raw(), { allLanguages: true });
    const at = report(raw());
    for (const lang of ['ar', 'fr', 'en'] as const) {
      const told = scenarioIn(scenario, lang);
      expect(told.steps[at]?.event).toMatchObject({ type: 'intake.submit', narrative: scenario.steps[at]?.eventText?.narrative?.[lang] });
      expect(typeof told.steps[at]?.event.by).toBe('string');
      expect(loadScenario({ ...told }).snapshot.value).toEqual(snapshot.value);
    }
  });

  it('reads a version 1 file (a trainer’s, from before) as it is, its events in the one language they were written in', () => {
    const old = raw();
    old.format = 'sanad-scenario/1';
    for (const s of old.steps) delete s.eventText;
    const { scenario } = loadScenario(old);
    expect(scenario.format).toBe('sanad-scenario/2');
    expect(scenarioIn(scenario, 'ar').steps[report(old)]?.event).toMatchObject({ narrative: old.steps[report(old)]?.event.narrative });
    // The built-in library may not: every text in every language.
    expect(problem({ ...old, format: 'sanad-scenario/2' })).toBe('none');
    expect(() => loadScenario({ ...old, format: 'sanad-scenario/2' }, { allLanguages: true })).toThrow('event 1: "case.report" field "by" is in one language only');
  });

  it('names what is wrong in an event’s text', () => {
    const at = report(raw());
    const n = at + 1;
    const withText = (eventText: unknown, format = 'sanad-scenario/2') => {
      const r = raw();
      r.format = format;
      if (format !== 'sanad-scenario/2') for (const st of r.steps) delete st.eventText;
      r.steps[at]!.eventText = eventText as never;
      return r;
    };
    const narrative = raw().steps[at]!.eventText!.narrative!;
    expect(problem(withText({ narrative }, 'sanad-scenario/1'))).toBe(`event ${n}: "eventText" needs "format": "sanad-scenario/2"`);
    expect(problem(withText({ narrative: { ar: narrative.ar, en: narrative.en } }))).toBe(`event ${n}: "intake.submit" field "narrative" lacks its fr text`);
    expect(problem(withText({ narrative: { ...narrative, es: 'x' } }))).toBe(`event ${n}: "intake.submit" field "narrative": unknown language "es"`);
    expect(problem(withText({ narrative: { ...narrative, ar: 'x', fr: 'y', en: 'z' } }))).toBe(`event ${n}: "intake.submit" field "narrative": the event's own text must be its ar, fr or en text`);
    expect(problem(withText({ platforms: text('x') }))).toBe(`event ${n}: "eventText" has "platforms", which is not a text field of "intake.submit"`);
    expect(problem(withText({ narrative, note: text('x') }))).toBe(`event ${n}: "eventText" has "note", which is not a text field of "intake.submit"`);
  });
});
