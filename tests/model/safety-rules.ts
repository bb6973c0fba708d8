import { describe, expect, it } from 'vitest';
import { authorityAcknowledged, hasHardTrigger } from '../../machines/case-rules';
import type { CaseEvent } from '../../machines/events';
import { replay } from '../../machines/replay';
import type { CaseSnapshot } from '../../machines/replay';
import { STEP_IDS } from '../../protocol/steps';
import { abstractState, buildModel, firstYesAt, stepOf } from './case-model';
import type { Profile } from './case-model';

/**
 * The safety rules of the protocol, checked on every transition of every reachable state of the model
 * (tests/model/case-model.ts). Every path is a walk over these transitions, so a rule that holds on each
 * transition, with the history it needs kept in the case record, holds on every path.
 */

type Adjacency = Record<string, { state: CaseSnapshot; transitions: Record<string, { event: CaseEvent; state: CaseSnapshot }> }>;
interface Edge {
  from: string;
  to: string;
  prev: CaseSnapshot;
  next: CaseSnapshot;
  event: CaseEvent;
  accepted: boolean;
}

const models = new Map<Profile, { map: Adjacency; edges: Edge[] }>();
function model(profile: Profile) {
  let m = models.get(profile);
  if (!m) {
    const map = buildModel(profile) as unknown as Adjacency;
    const edges: Edge[] = [];
    for (const [from, { state: prev, transitions }] of Object.entries(map)) {
      for (const { event, state: next } of Object.values(transitions)) {
        edges.push({ from, to: abstractState(next), prev, next, event, accepted: prev.can(event) });
      }
    }
    m = { map, edges };
    models.set(profile, m);
    console.log(`model "${profile}": ${Object.keys(map).length} states, ${edges.length} transitions tried, ${edges.filter((e) => e.accepted).length} accepted`);
  }
  return m;
}

const isMppStep = (e: CaseEvent) =>
  (e.type === 'track.choose' && e.track === 'A') || (e.type === 'interview.record' && e.kind.startsWith('mpp'));
const ATTACH = ['url', 'sha256', 'file', 'storageLocation'] as const;
const attaches = (e: object) => ATTACH.some((f) => typeof (e as Record<string, unknown>)[f] === 'string');
const passedEmergencyAfterTrigger = (s: CaseSnapshot) =>
  s.context.emergency !== undefined && Date.parse(s.context.emergency.enteredAt) >= firstYesAt(s);

/** Rebuilds the event log of a shortest path to a state from the breadth-first parents, to replay it. */
function pathTo(map: Adjacency, target: string): CaseEvent[] {
  const start = Object.keys(map)[0] ?? '';
  const parent = new Map<string, { from: string; event: CaseEvent }>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length) {
    const key = queue.shift() ?? '';
    if (key === target) break;
    for (const { event, state } of Object.values(map[key]?.transitions ?? {})) {
      const to = abstractState(state);
      if (!seen.has(to)) {
        seen.add(to);
        parent.set(to, { from: key, event });
        queue.push(to);
      }
    }
  }
  const events: CaseEvent[] = [];
  for (let k = target; parent.has(k); k = parent.get(k)?.from ?? '') events.unshift(parent.get(k)?.event as CaseEvent);
  return events;
}

export function safetyRules(profile: Profile) {
describe(`safety rules over the "${profile}" model`, () => {
  it('rule 1: every step is reachable and closure is reachable from every open state', () => {
    const { map, edges } = model(profile);
    const steps = new Set(Object.values(map).map((v) => stepOf(v.state)));
    if (profile === 'flow') expect([...steps].sort()).toEqual([...STEP_IDS].sort());
    const back = new Map<string, string[]>();
    for (const e of edges) if (e.accepted) back.set(e.to, [...(back.get(e.to) ?? []), e.from]);
    const canClose = new Set(Object.keys(map).filter((k) => stepOf((map[k] as { state: CaseSnapshot }).state) === 'closed'));
    const queue = [...canClose];
    while (queue.length) {
      for (const p of back.get(queue.pop() ?? '') ?? []) {
        if (!canClose.has(p)) {
          canClose.add(p);
          queue.push(p);
        }
      }
    }
    const stuck = Object.keys(map).filter((k) => !canClose.has(k));
    expect(stuck).toEqual([]);
  });

  it('rule 2: no shared-concern step after a hard trigger without emergency escalation and an authority acknowledgement', () => {
    const { edges } = model(profile);
    const violations = edges.filter(
      (e) => e.accepted && isMppStep(e.event) && hasHardTrigger(e.prev.context) && !(passedEmergencyAfterTrigger(e.prev) && authorityAcknowledged(e.prev.context)),
    );
    expect(violations.map((v) => v.from)).toEqual([]);
    // And a case with a hard trigger never stands past triage without having been through emergency escalation.
    const skipped = edges.filter(
      (e) => e.accepted && hasHardTrigger(e.next.context) && !['intake', 'triage', 'emergencyEscalation', 'closed'].includes(stepOf(e.next)) && !passedEmergencyAfterTrigger(e.next),
    );
    expect(skipped.map((v) => v.to)).toEqual([]);
    if (profile === 'flow') {
      // The model does try the forbidden moves: otherwise this rule would pass vacuously.
      expect(edges.some((e) => !e.accepted && isMppStep(e.event) && hasHardTrigger(e.prev.context))).toBe(true);
      expect(edges.some((e) => e.accepted && isMppStep(e.event) && hasHardTrigger(e.prev.context))).toBe(true);
    }
  });

  it('rule 3: no path reaches closed without reason, parent decision, referral statuses and evidence dispositions', () => {
    const { edges } = model(profile);
    const closings = edges.filter((e) => e.accepted && stepOf(e.next) === 'closed' && stepOf(e.prev) !== 'closed');
    expect(closings.length).toBeGreaterThan(0);
    for (const { next } of closings) {
      const c = next.context;
      expect(c.closure?.reason).toBeTruthy();
      expect(['notified', 'deferred', 'outcomeShared']).toContain(c.parentNotice.machine.value);
      const deferral = c.parentNotice.log.filter((l) => l.action === 'defer').at(-1);
      if (c.parentNotice.machine.value === 'deferred') expect(deferral?.detail && deferral.by).toBeTruthy();
      expect(c.referrals.filter((r) => r.machine.value === 'made')).toEqual([]);
      expect(c.evidence.filter((x) => x.machine.value !== 'disposed')).toEqual([]);
      expect(c.review?.by).toBeTruthy();
    }
    if (profile === 'records') {
      expect(closings.some(({ next }) => next.context.evidence.length === 2 && next.context.referrals.length >= 2)).toBe(true);
    }
  });

  it('rule 4: an intimate image of a minor is only ever a description', () => {
    const { map, edges } = model(profile);
    for (const { state } of Object.values(map)) {
      for (const item of state.context.evidence.filter((x) => x.isIntimateImageOfMinor)) {
        expect(ATTACH.filter((f) => (item as unknown as Record<string, unknown>)[f] !== undefined)).toEqual([]);
        expect(item.kind).toBe('description');
      }
    }
    const intimateIds = (s: CaseSnapshot) => s.context.evidence.filter((x) => x.isIntimateImageOfMinor).map((x) => x.id);
    const attempts = edges.filter(
      (e) =>
        attaches(e.event) &&
        ((e.event.type === 'evidence.add' && e.event.isIntimateImageOfMinor) ||
          ('evidenceId' in e.event && intimateIds(e.prev).includes(e.event.evidenceId))),
    );
    if (profile === 'records') expect(attempts.length).toBeGreaterThan(1000);
    expect(attempts.filter((e) => e.accepted)).toEqual([]);
  });

  it('rule 5: every severity change is an event with its author, time and rationale', () => {
    const { edges } = model(profile);
    for (const e of edges.filter((x) => x.accepted && x.next.context.level !== x.prev.context.level)) {
      const added = e.next.context.severityHistory.slice(e.prev.context.severityHistory.length);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({ at: e.event.at, by: e.event.by, level: e.next.context.level });
      expect(added[0]?.rationale.trim()).not.toBe('');
    }
  });

  it('paths of the model are valid event logs: the shortest path to each step replays', () => {
    const { map } = model(profile);
    const byStep = new Map<string, string>();
    for (const [k, v] of Object.entries(map)) if (!byStep.has(stepOf(v.state))) byStep.set(stepOf(v.state), k);
    for (const [step, key] of byStep) expect(stepOf(replay(pathTo(map, key)))).toBe(step);
  });
});
}
