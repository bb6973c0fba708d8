import { readFileSync, readdirSync } from 'node:fs';
import { parseEvent } from '../machines/events';
import { applyCaseEvent, initialSnapshot, stepOf, whyRefused } from '../machines/replay';
import { LANGS, ScenarioError, loadLibraryScenario, scenarioIn, textFields } from '../machines/scenario';
import type { Lang, Scenario } from '../machines/scenario';
import { STEP_IDS } from '../protocol/steps';
import { TRIGGER_IDS } from '../protocol/triggers';

/**
 * The trainers' library: enough scenarios, all valid, and together they walk through every step of the
 * protocol and every hard trigger, so a training day can show each of them on a real story.
 */
const files = readdirSync('protocol/scenarios').filter((f) => f.endsWith('.json'));
const raws = files.map((f) => ({ file: f, raw: JSON.parse(readFileSync(`protocol/scenarios/${f}`, 'utf8')) as { id: string; steps: { event: Record<string, unknown>; eventText?: Record<string, Record<string, unknown>> }[] } }));
const library = raws.map(({ file, raw }) => ({ file, ...loadLibraryScenario(raw, file) }));

describe('scenario library', () => {
  it('has at least 10 scenarios, each named after its file and told in Arabic, French and English', () => {
    expect(library.length).toBeGreaterThanOrEqual(10);
    for (const { file, scenario } of library) {
      expect(`${scenario.id}.json`).toBe(file);
      for (const lang of ['ar', 'fr', 'en'] as const) {
        expect(scenario.title[lang].trim()).not.toBe('');
        expect(scenario.summary[lang].trim()).not.toBe('');
      }
      expect(scenario.steps.some((s) => s.narration)).toBe(true);
    }
  });

  it('visits every top-level state and every hard trigger at least once', () => {
    const states = new Map<string, string[]>();
    const triggers = new Map<string, string[]>();
    for (const { scenario } of library) {
      let snapshot = initialSnapshot(scenario.id);
      const seen = new Set<string>([stepOf(snapshot)]);
      scenario.steps.forEach(({ event }, i) => {
        snapshot = applyCaseEvent(snapshot, event, i, scenario.steps[i - 1]?.event.at);
        seen.add(stepOf(snapshot));
        if (event.type === 'trigger.answer' && event.answer === 'yes') triggers.set(event.trigger, [...(triggers.get(event.trigger) ?? []), scenario.id]);
      });
      for (const s of seen) states.set(s, [...(states.get(s) ?? []), scenario.id]);
    }
    expect(STEP_IDS.filter((s) => !states.has(s))).toEqual([]);
    expect(TRIGGER_IDS.filter((t) => !triggers.has(t))).toEqual([]);
  });

  it('stops the room at least once per scenario, and every decision has a safe answer and an unsafe one explained', () => {
    for (const { scenario } of library) {
      const decisions = scenario.steps.flatMap((s) => (s.decision ? [s.decision] : []));
      expect({ id: scenario.id, decisions: decisions.length >= 1 }).toEqual({ id: scenario.id, decisions: true });
      for (const d of decisions) {
        expect(d.choices.some((c) => c.safe)).toBe(true);
        expect(d.choices.filter((c) => !c.safe).every((c) => c.why.ar && c.why.fr && c.why.en)).toBe(true);
      }
    }
  });

  it('every choice said to be refused is refused by the machine at that point, for the rule the story teaches', () => {
    // Per scenario, the reason the machine gives for each choice the story says it refuses.
    const reasons: string[] = [];
    for (const { scenario } of library) {
      let before = initialSnapshot(scenario.id);
      scenario.steps.forEach(({ event, decision }, i) => {
        for (const c of decision?.choices.filter((x) => x.refused) ?? []) {
          const refused = parseEvent({ ...c.refused, at: event.at, by: event.by });
          expect(refused.ok).toBe(true);
          if (refused.ok) reasons.push(`${scenario.id}: ${refused.event.type} — ${whyRefused(before, refused.event)?.code}`);
        }
        before = applyCaseEvent(before, event, i);
      });
    }
    expect(reasons.sort()).toEqual([
      'closed-then-reopened: severity.rate — answersBeforeRating',
      'coach-grooming-aref: emergency.resolve — emergencyNeedsAuthority',
      'coach-grooming-aref: track.choose — trackBOnly',
      'self-harm-leaves-school: case.close — hardTriggerNotHandled',
      'sextortion-emergency: evidence.add — intimateEvidence',
      'sextortion-emergency: track.choose — notInThisStep',
      'shared-concern-fails-track-b: case.close — reasonNotAllowedHere',
      'threat-mid-shared-concern: interview.record — mppOffTrack',
      'threat-mid-shared-concern: track.choose — trackANeedsHead',
      'threats-of-violence: track.choose — notInThisStep',
      'tiktok-self-harm: track.choose — trackANeedsHead',
      'two-families: case.close — noParentDecision',
    ]);
  });
});

const ARABIC = /[\u0600-\u06FF]/;
/** Each text field of each event: its value, and the scenario's text for that field in every language. */
function texts(scenario: Scenario, told: Scenario) {
  return scenario.steps.flatMap((step, i) =>
    textFields(step.event.type)
      .filter((f) => (step.event as unknown as Record<string, unknown>)[f] !== undefined)
      .map((field) => ({
        where: `${scenario.id}: event ${i + 1} (${step.event.type}) ${field}`,
        value: (told.steps[i]!.event as unknown as Record<string, unknown>)[field],
        all: step.eventText?.[field],
      })),
  );
}

describe('scenario languages', () => {
  it('every built-in scenario gives every text field of every event in Arabic, French and English', () => {
    let fields = 0;
    for (const { raw } of raws) {
      raw.steps.forEach((step, i) => {
        for (const field of textFields(String(step.event.type)).filter((f) => step.event[f] !== undefined)) {
          fields++;
          const given = step.eventText?.[field];
          const missing = LANGS.filter((l) => given?.[l] === undefined || String(given[l]).trim() === '');
          expect({ where: `${raw.id}: event ${i + 1} (${String(step.event.type)}) ${field}`, missing }).toEqual({ where: `${raw.id}: event ${i + 1} (${String(step.event.type)}) ${field}`, missing: [] });
        }
      });
    }
    // Every event has at least its author; the library's narratives, notes, reasons and pseudonyms besides.
    expect(fields).toBeGreaterThan(700);
  });

  it('the loader refuses a built-in scenario missing a language, naming the scenario, the event and the field', () => {
    const { raw, file } = raws.find((r) => r.raw.id === 'conflict-only')!;
    const copy = structuredClone(raw);
    const at = copy.steps.findIndex((s) => s.event.type === 'intake.submit');
    delete copy.steps[at]!.eventText!.narrative!.fr;
    expect(() => loadLibraryScenario(copy, file)).toThrow(new ScenarioError(`built-in scenario "conflict-only": event ${at + 1}: "intake.submit" field "narrative" lacks its fr text`));
    delete copy.steps[at]!.eventText!.narrative;
    expect(() => loadLibraryScenario(copy, file)).toThrow(
      new ScenarioError(`built-in scenario "conflict-only": event ${at + 1}: "intake.submit" field "narrative" is in one language only: "eventText" must give it in ar, fr and en`),
    );
  });

  for (const lang of LANGS) {
    it(`told in ${lang}, every event's text is the ${lang} text, and no other language's`, () => {
      const others = LANGS.filter((l) => l !== lang);
      for (const { scenario } of library) {
        const told = scenarioIn(scenario, lang);
        expect(told.steps.every((s) => s.eventText === undefined)).toBe(true);
        for (const { where, value, all } of texts(scenario, told)) {
          expect({ where, value }).toEqual({ where, value: all?.[lang] });
          for (const other of others) if (JSON.stringify(all?.[other]) !== JSON.stringify(all?.[lang])) expect({ where, value }).not.toEqual({ where, value: all?.[other] });
          // Arabic text is in Arabic script; French and English text has none (a child's words are translated).
          const strings = (Array.isArray(value) ? value : [value]) as string[];
          for (const v of strings) expect({ where, v, arabic: ARABIC.test(v) }).toEqual({ where, v, arabic: lang === 'ar' });
          // French typography: a no-break space before « : ; ? ! », one apostrophe.
          if (lang === 'fr') for (const v of strings) expect({ where, v, bad: /[ \t][:;?!»]|«[ \t]|'/.test(v) }).toEqual({ where, v, bad: false });
        }
      }
    });
  }

  it('replayed in each language, every scenario goes through the same steps to the same end', () => {
    const path = (s: Scenario) => {
      let snapshot = initialSnapshot(s.id);
      const out = [stepOf(snapshot)];
      s.steps.forEach(({ event }, i) => {
        snapshot = applyCaseEvent(snapshot, event, i, s.steps[i - 1]?.event.at);
        out.push(stepOf(snapshot));
      });
      return out;
    };
    for (const { scenario } of library) {
      const asWritten = path(scenario);
      for (const lang of LANGS) expect({ id: scenario.id, lang, steps: path(scenarioIn(scenario, lang as Lang)) }).toEqual({ id: scenario.id, lang, steps: asWritten });
    }
  });

  it('every French text of the library (titles, narration, decisions, events) has French typography', () => {
    const problems: string[] = [];
    const walk = (x: unknown, where: string): void => {
      if (Array.isArray(x)) x.forEach((v, i) => walk(v, `${where}[${i}]`));
      else if (typeof x === 'object' && x !== null) {
        for (const [k, v] of Object.entries(x)) {
          if (k !== 'fr') walk(v, `${where}.${k}`);
          else for (const t of [v].flat() as string[]) {
            // A no-break space before : ; ? ! » (not a colon inside "17:00" or a link) and after «; one apostrophe, ’.
            if (/'|[ \u202f][:;?!»]|[^\s\u00a0:;?!][;?!](?=[\s»)"’.,]|$)|[^\s\u00a0\d]:(?=[\s»)"’.,]|$)|«(?!\u00a0)|[^\u00a0]»/.test(t)) problems.push(`${where}: ${t}`);
          }
        }
      }
    };
    for (const { raw } of raws) walk(raw, raw.id);
    expect(problems).toEqual([]);
  });

  it('no two scenarios of the library tell the story of the same pupils', () => {
    const seen = new Map<string, string[]>();
    for (const { scenario } of library) {
      for (const { event } of scenario.steps) if (event.type === 'party.add' && event.name) seen.set(event.name, [...(seen.get(event.name) ?? []), scenario.id]);
    }
    expect([...seen].filter(([, ids]) => new Set(ids).size > 1)).toEqual([]);
  });
});
