import { readFileSync, readdirSync } from 'node:fs';
import { applyCaseEvent, initialSnapshot, stepOf } from '../machines/replay';
import { loadScenario } from '../machines/scenario';
import { STEP_IDS } from '../protocol/steps';
import { TRIGGER_IDS } from '../protocol/triggers';

/**
 * The trainers' library: enough scenarios, all valid, and together they walk through every step of the
 * protocol and every hard trigger, so a training day can show each of them on a real story.
 */
const files = readdirSync('protocol/scenarios').filter((f) => f.endsWith('.json'));
const library = files.map((f) => ({ file: f, ...loadScenario(JSON.parse(readFileSync(`protocol/scenarios/${f}`, 'utf8'))) }));

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
});
