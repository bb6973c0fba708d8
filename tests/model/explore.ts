import { createHash } from 'node:crypto';
import { transition } from 'xstate';
import type { AnyStateMachine, StateValue } from 'xstate';
import type { CaseContext } from '../../machines/case-context';
import type { CaseEvent } from '../../machines/events';
import { requiredActions } from '../../machines/guidance';
import type { CaseSnapshot } from '../../machines/replay';
import { stepDef } from '../../protocol/steps';
import type { StepId } from '../../protocol/steps';
import { advance, callOwed, forbids, headOwed, misplaced, mustAllow, refKey, startRef } from './reference';
import type { Ref } from './reference';

/**
 * A breadth-first walk of every state a case can reach under a model's events (a profile), for any variant of
 * the case machine (the real one, or a mutant). At each state every event the profile offers is tried; the
 * machine's answer is judged by the reference (tests/model/reference.ts), never by the machine's own rules.
 *
 * A state is the machine's context reduced to the facts a rule can read, with positions in the log replaced by
 * their order (`machineKey`), plus the reference's own facts (`refKey`): two paths that agree on these are the
 * same case for every rule, so walking one of them is enough.
 */
export interface View {
  step: StepId;
  ctx: CaseContext;
  ref: Ref;
  /** The time the next event happens (the model's clock moves forward on every event). */
  next: string;
}
export type Alphabet = (v: View) => CaseEvent[];

export interface Violation {
  rule: string;
  event: CaseEvent;
  path: CaseEvent[];
}

export interface Result {
  states: number;
  transitions: number;
  accepted: number;
  violations: Violation[];
  /** Per step, the event types accepted at least once. */
  accepts: Map<string, Set<string>>;
  /** Per step, event types tried and refused every time. */
  tried: Map<string, Set<string>>;
  steps: Set<string>;
  capped: boolean;
  /** States walked, per step. */
  perStep: Map<string, number>;
  /** For each step reached, the log of the first path that reached it (breadth first: a shortest one). */
  samples: Map<string, CaseEvent[]>;
}

const START = Date.parse('2026-11-02T08:00:00Z');
const MINUTE = 60_000;

/**
 * Positions in the log, as the rules compare them: a few anchors (the latest "yes" of each trigger, entering
 * emergency, the safety confirmation, the head's decision, the track choice, the reopening, monitoring) keep
 * their order among themselves; any other position is only the set of anchors it comes after. Two logs that
 * agree on these relations are alike for every "after the latest yes" a rule can ask.
 */
export function relations(anchors: Record<string, number | undefined>, others: Record<string, number | undefined>): unknown {
  const set = Object.entries(anchors).filter((a): a is [string, number] => a[1] !== undefined && a[1] >= 0);
  const values = [...new Set(set.map(([, v]) => v))].sort((a, b) => a - b);
  // Records (a referral, an acknowledgement) are compared with the "yes" of each trigger and the reopening only.
  const yesAnchors = set.filter(([n]) => /^T\d$|^yes$|^reopen$/.test(n));
  const after = (p: number | undefined) => (p === undefined || p < 0 ? null : yesAnchors.filter(([, a]) => p > a).map(([n]) => n).sort().join(','));
  return [Object.fromEntries(set.map(([n, v]) => [n, values.indexOf(v)])), Object.fromEntries(Object.entries(others).map(([n, p]) => [n, after(p)]))];
}

/**
 * The facts of the machine's context a rule may read (read from the context itself, not through the rules).
 * What no rule reads is left out (record ids, texts, times, deadline clocks, a resolved emergency, a failed
 * series once the track is B, families still to decide), so that paths that differ only there are walked once.
 */
export function machineKey(ctx: CaseContext): unknown {
  const reopened = ctx.reopenings.at(-1)?.seq ?? -1;
  const trackFrom = ctx.trackHistory.at(-1)?.seq ?? -1;
  const monitoringFrom = ctx.monitoringFrom?.seq ?? Number.POSITIVE_INFINITY;
  const anchors: Record<string, number | undefined> = {
    ...Object.fromEntries(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'].map((t) => [t, ctx.yesHistory.filter((y) => y.trigger === t).at(-1)?.seq])),
    emergency: ctx.emergency?.entered.seq,
    safety: ctx.emergency?.safetyConfirmed?.seq,
    head: ctx.trackAAllowed?.seq,
    track: trackFrom,
    reopen: reopened,
    monitoring: ctx.monitoringFrom?.seq,
  };
  const others: Record<string, number | undefined> = {};
  for (const r of ctx.referrals) {
    others[`${r.id}`] = r.seq;
    r.acknowledgements.forEach((a, i) => (others[`${r.id}.ack${i}`] = a.seq));
  }
  return {
    step: ctx.step,
    order: relations(anchors, others),
    triggers: Object.fromEntries(Object.entries(ctx.triggers).map(([t, r]) => [t, r?.answer])),
    categories: [...ctx.categories].sort(),
    categoriesEver: [...ctx.categoriesEver].sort(),
    level: ctx.level ?? null,
    levels: [Math.max(-1, ...ctx.severityHistory.map((s) => s.level)), Math.max(-1, ...ctx.severityHistory.filter((s) => s.seq > reopened).map((s) => s.level))],
    needsRerating: ctx.needsRerating,
    parties: ctx.parties.map((p) => [p.id, p.role, p.actorKind ?? '', p.ageBand ?? '']),
    intake: ctx.intake?.actorKind ?? null,
    head: !!ctx.headInformed,
    prosecutor: !!ctx.prosecutorDecision,
    track: ctx.track ?? null,
    evidence: ctx.evidence.map((x) => [x.id, x.status, x.isIntimateImageOfMinor, x.kind]),
    referrals: ctx.referrals.map((r) => [r.id, r.channel, r.status, r.acknowledgements.some((a) => a.schoolMayInterview)]),
    families: ctx.families.filter((f) => f.status !== 'notNotified').map((f) => [f.partyId, f.status]).sort(),
    intervention: ctx.intervention ? [ctx.intervention.status, ctx.intervention.authorInterviews > 0] : null,
    formal: ctx.interviews.some((i) => i.kind === 'formal' && i.seq >= trackFrom),
    followUp: ctx.followUps.filter((f) => f.seq > reopened).at(-1)?.targetReport ?? null,
    measures: ctx.measures.some((m) => m.seq >= trackFrom),
    checks: ctx.monitoringChecks.filter((c) => c.seq > monitoringFrom).map((c) => [c.recurrence, c.targetReport]).slice(-1),
    recurred: ctx.monitoringChecks.some((c) => c.seq > monitoringFrom && c.recurrence),
    early: !!ctx.earlyClosure && ctx.earlyClosure.seq > monitoringFrom,
    review: !!ctx.review,
    closure: ctx.closure?.reason ?? null,
    reopenings: ctx.reopenings.length,
  };
}

interface Node {
  value: StateValue;
  context: CaseContext;
  ref: Ref;
  parent: string | null;
  event: CaseEvent | null;
}

function pathTo(nodes: Map<string, Node>, key: string): CaseEvent[] {
  const out: CaseEvent[] = [];
  for (let k: string | null = key; k; k = nodes.get(k)?.parent ?? null) {
    const e = nodes.get(k)?.event;
    if (e) out.unshift(e);
  }
  return out;
}

/**
 * Walks the model. `stopAtFirst` ends the walk at the first violation (mutants: one counterexample kills them).
 * `maxStates` bounds a walk that would not end; a capped walk is reported as such, never as exhaustive.
 */
export function explore(machine: AnyStateMachine, alphabet: Alphabet, options: { stopAtFirst?: boolean; maxStates?: number } = {}): Result {
  const result: Result = { states: 0, transitions: 0, accepted: 0, violations: [], accepts: new Map(), tried: new Map(), steps: new Set(), capped: false, perStep: new Map(), samples: new Map() };
  const maxStates = options.maxStates ?? 2_000_000;
  const initial = machine.resolveState({ value: 'detected', context: (machine.getInitialSnapshot as (s: unknown, i: unknown) => CaseSnapshot)({} as never, { caseId: 'model' }).context });
  const nodes = new Map<string, Node>();
  // Stored as a digest: millions of states fit in memory.
  const keyOf = (ctx: CaseContext, ref: Ref, next: string) => createHash('sha1').update(JSON.stringify([machineKey(ctx), refKey(ref, next, relations)])).digest('base64');
  const clock = (ref: Ref) => new Date((ref.time ? Date.parse(ref.time) : START) + MINUTE).toISOString();
  const firstRef = startRef();
  const firstKey = keyOf(initial.context as CaseContext, firstRef, clock(firstRef));
  nodes.set(firstKey, { value: initial.value as StateValue, context: initial.context as CaseContext, ref: firstRef, parent: null, event: null });
  const queue = [firstKey];
  const violate = (rule: string, event: CaseEvent, from: string) => {
    result.violations.push({ rule, event, path: [...pathTo(nodes, from), event] });
  };

  for (let head = 0; head < queue.length; head++) {
    const key = queue[head]!;
    const node = nodes.get(key)!;
    result.states++;
    const snap = machine.resolveState({ value: node.value, context: node.context }) as CaseSnapshot;
    const step = node.context.step;
    result.steps.add(step);
    result.perStep.set(step, (result.perStep.get(step) ?? 0) + 1);
    if (!result.samples.has(step)) result.samples.set(step, pathTo(nodes, key));
    const next = clock(node.ref);
    for (const event of alphabet({ step, ctx: node.context, ref: node.ref, next })) {
      result.transitions++;
      const accepted = snap.can(event);
      const types = accepted ? result.accepts : result.tried;
      if (!types.has(step)) types.set(step, new Set());
      types.get(step)!.add(event.type);
      if (!accepted) {
        if (stepDef(step).accepts.includes(event.type) && mustAllow(node.ref, event)) violate(`12: must accept ${event.type}`, event, key);
        continue;
      }
      result.accepted++;
      for (const rule of forbids(node.ref, event)) violate(rule, event, key);
      const after = transition(machine, snap, event)[0] as CaseSnapshot;
      const ctx = after.context;
      const ref = advance(node.ref, event, ctx.step);
      if (misplaced(ref)) violate('7: a yes goes to emergency at once', event, key);
      const required = ctx.step === 'closed' ? [] : requiredActions(after);
      if (callOwed(ref) !== required.includes('callAuthorityNow')) violate('2: "call the authority now" until an authority is contacted', event, key);
      if (headOwed(ref) !== required.includes('informLeadAndHead')) violate('9: the head must be told', event, key);
      if (ctx.level !== node.context.level) {
        const added = ctx.severityHistory.slice(node.context.severityHistory.length);
        if (added.length !== 1 || added[0]?.at !== event.at || added[0]?.by !== event.by || !added[0]?.rationale.trim()) violate('every severity change is logged', event, key);
      }
      for (const x of ctx.evidence) {
        if (x.isIntimateImageOfMinor && (x.kind !== 'description' || ['url', 'sha256', 'file', 'storageLocation'].some((f) => (x as unknown as Record<string, unknown>)[f] !== undefined))) {
          violate('8: an intimate image is a description only', event, key);
        }
      }
      if (options.stopAtFirst && result.violations.length > 0) return result;
      const nextKey = keyOf(ctx, ref, clock(ref));
      if (!nodes.has(nextKey)) {
        nodes.set(nextKey, { value: after.value as StateValue, context: ctx, ref, parent: key, event });
        queue.push(nextKey);
        if (nodes.size >= maxStates) {
          result.capped = true;
          return result;
        }
      }
    }
    // The reference and the context of a walked state are no longer needed: only the path back is.
    (node as Partial<Node>).context = undefined;
    (node as Partial<Node>).ref = undefined;
    (node as Partial<Node>).value = undefined;
  }
  return result;
}
