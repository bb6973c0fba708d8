import { readFileSync, readdirSync } from 'node:fs';
import { parseEvent } from '../machines/events';
import { applyCaseEvent, initialSnapshot, stepOf, whyRefused } from '../machines/replay';
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
