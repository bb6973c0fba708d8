import { transition } from 'xstate';
import { caseMachine } from '../../machines/case-machine';
import type { CaseEvent } from '../../machines/events';
import { replay, stepOf } from '../../machines/replay';
import { recordOf } from './coverage';
import { advance, forbids, startRef } from './reference';
import { STEPS, STEP_IDS } from '../../protocol/steps';
import { explore } from './explore';
import type { Result } from './explore';
import { PROFILES } from './profiles';

/**
 * The protocol's safety rules, checked on every transition of every state reachable in the model
 * (tests/model/profiles.ts), by the reference written apart from the machine (tests/model/reference.ts).
 * "Exhaustive over this model": every state the profiles' events reach, with the boundaries docs/decisions/0004
 * states (representative triggers, one reopening, bounded numbers of records).
 */
const results = new Map<string, Result>();
const run = (name: keyof typeof PROFILES) => {
  let r = results.get(name);
  if (!r) {
    r = explore(caseMachine, PROFILES[name]);
    results.set(name, r);
    console.log(`model "${name}": ${r.states} states, ${r.transitions} transitions tried, ${r.accepted} accepted`);
  }
  return r;
};
const refused = (r: Result, step: string, type: string) => r.tried.get(step)?.has(type) ?? false;
/** The reference, following a log the machine accepts. */
function refAfter(log: readonly CaseEvent[]) {
  let ref = startRef();
  let snap = replay([]);
  for (const e of log) {
    snap = transition(caseMachine, snap, e)[0];
    ref = advance(ref, e, stepOf(snap));
  }
  return ref;
}

describe.each(['answers', 'authorities', 'flow', 'records'] as const)('the "%s" model', (name) => {
  it('is walked whole, and no transition breaks a rule', () => {
    const r = run(name);
    expect(r.capped).toBe(false);
    expect(r.violations.slice(0, 5).map((v) => `${v.rule} — ${v.event.type} after ${v.path.map((e) => e.type).join(', ')}`)).toEqual([]);
  });

  it('its paths are event logs the machine replays to the same step', () => {
    const r = run(name);
    expect(r.states).toBeGreaterThan(100);
    // A path to every step it reaches (the walk keeps one per state; replay proves it is a valid log).
    for (const step of r.steps) {
      const path = r.samples.get(step) ?? [];
      expect(stepOf(replay(path))).toBe(step);
    }
  });
});

describe('the model tries the forbidden moves (no rule holds vacuously)', () => {
  it('leaving emergency without each authority, track A after a hard trigger, interviews during a police investigation', () => {
    const a = run('authorities');
    expect(refused(a, 'emergencyEscalation', 'emergency.resolve')).toBe(true);
    expect(a.accepts.get('emergencyEscalation')?.has('emergency.resolve')).toBe(true);
    expect(refused(a, 'supportAndIntervention', 'track.choose')).toBe(true);
    expect(refused(a, 'supportAndIntervention', 'interview.record')).toBe(true);
    expect(a.accepts.get('supportAndIntervention')?.has('interview.record')).toBe(true);
    expect(refused(a, 'emergencyEscalation', 'case.close')).toBe(true);
  });

  it('a "no" to an implied trigger, a lower level with a trigger, media in an intimate-image case', () => {
    const a = run('answers');
    expect(refused(a, 'triage', 'trigger.answer') || refused(a, 'emergencyEscalation', 'trigger.answer')).toBe(true);
    expect(refused(a, 'emergencyEscalation', 'severity.rate')).toBe(true);
    expect(refused(a, 'triage', 'evidence.add') || refused(a, 'emergencyEscalation', 'evidence.add')).toBe(true);
  });

  it('a resolved closure inside the monitoring window, a reopening in emergency, closure before each family decided', () => {
    const f = run('flow');
    expect(refused(f, 'monitoring', 'case.close')).toBe(true);
    expect(f.accepts.get('monitoring')?.has('case.close')).toBe(true);
    expect(refused(f, 'emergencyEscalation', 'case.reopen')).toBe(true);
    const r = run('records');
    expect(refused(r, 'assessment', 'parent.notify')).toBe(true);
    expect(refused(r, 'assessment', 'evidence.update')).toBe(true);
  });
});

describe('every step', () => {
  it('is reached, and accepts every event its protocol lists for at least one record (rule 12)', () => {
    const accepted = new Map<string, Set<string>>();
    for (const name of ['answers', 'authorities', 'flow', 'records'] as const) {
      for (const [step, types] of run(name).accepts) accepted.set(step, new Set([...(accepted.get(step) ?? []), ...types]));
    }
    expect([...accepted.keys()].sort()).toEqual([...STEP_IDS].sort());
    // What the walks did not see accepted, tried at a state of that step with a record made for it.
    const samples = new Map<string, CaseEvent[]>();
    for (const name of ['flow', 'authorities', 'records', 'answers'] as const) for (const [step, path] of run(name).samples) if (!samples.has(step)) samples.set(step, path);
    const missing: string[] = [];
    for (const s of STEPS) {
      for (const type of s.accepts.filter((t) => !accepted.get(s.id)?.has(t))) {
        let snap = replay(samples.get(s.id)!);
        let ref = refAfter(samples.get(s.id)!);
        const at = new Date(Date.parse(snap.context.events ? (samples.get(s.id)!.at(-1)?.at ?? '') : '') + 60_000).toISOString();
        const events = recordOf(type, snap.context, at);
        const ok = events.length > 0 && events.every((e) => {
          if (!snap.can(e) || forbids(ref, e).length > 0) return false;
          snap = transition(caseMachine, snap, e)[0];
          ref = advance(ref, e, stepOf(snap));
          return stepOf(snap) === s.id || e === events.at(-1);
        });
        if (!ok) missing.push(`${s.id}: ${type}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
