import { createActor } from 'xstate';
import type { AnyActorScope, AnyStateMachine, SnapshotFrom } from 'xstate';
import type { Refusal } from '../protocol/refusals';
import { describeRefusal } from '../protocol/text';
import { CASE_MACHINE_VERSION, caseMachine } from './case-machine';
import { parseEvent } from './events';
import type { CaseEvent, EventProblem } from './events';
import type { StepId } from '../protocol/steps';
import { refusalOf } from './rules';

export type CaseSnapshot = SnapshotFrom<typeof caseMachine>;

export type ReplayProblem = EventProblem | { code: 'refused'; eventType: string; refusal: Refusal } | { code: 'timeOrder'; eventType: string; detail: string };

/**
 * Says which event of a log is wrong and why, so a person can fix the file. `index` counts from 0; messages
 * count from 1, as a person does ("event 12").
 */
export class ReplayError extends Error {
  constructor(
    readonly index: number,
    readonly problem: ReplayProblem,
  ) {
    super(`event ${index + 1}: ${describeProblem(problem)}`);
    this.name = 'ReplayError';
  }
}

const typed = (p: { eventType?: string }) => (p.eventType ? `"${p.eventType}": ` : '');

export function describeProblem(p: ReplayProblem): string {
  switch (p.code) {
    case 'notAnObject':
      return 'not an object';
    case 'unknownType':
      return `unknown event type "${p.detail ?? ''}"`;
    case 'missingField':
      return `${typed(p)}missing field "${p.field ?? ''}"`;
    case 'unknownField':
      return `${typed(p)}unknown field "${p.field ?? ''}"`;
    case 'badField':
      return `${typed(p)}field "${p.field ?? ''}": ${p.detail ?? 'invalid'}`;
    case 'refused':
      return `${typed(p)}refused — ${describeRefusal('en', p.refusal)}`;
    case 'timeOrder':
      return `${typed(p)}${p.detail}`;
  }
}

/**
 * The scope a pure step runs in. XState's `transition()` and `initialTransition()` build a throwaway actor on every
 * call, whose constructor computes a whole initial snapshot (and for this machine fails, its context needing an
 * input, and is caught): that was a third of checking a backup. The case machine spawns and invokes nothing and its
 * actions are assigns, resolved inside the step, so one inert scope per machine, made once, steps every case alike;
 * actions left to execute (none today) are dropped, as the replay dropped `transition()`'s list of them.
 */
const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();
function inertScope(machine: AnyStateMachine): AnyActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine, { input: { caseId: '' } });
    const none = () => undefined;
    scope = { self, defer: none, id: '', logger: none, sessionId: '', stopChild: none, system: self.system, emit: none, actionExecutor: none };
    scopes.set(machine, scope);
  }
  return scope;
}

/** One pure step of the chart (what XState's `transition(machine, snapshot, event)[0]` gives, without its actor). */
function step(machine: typeof caseMachine, snapshot: CaseSnapshot, event: CaseEvent): CaseSnapshot {
  return machine.transition(snapshot, event, inertScope(machine) as Parameters<typeof machine.transition>[2]);
}

export function initialSnapshot(caseId: string): CaseSnapshot {
  return caseMachine.getInitialSnapshot(inertScope(caseMachine) as Parameters<typeof caseMachine.getInitialSnapshot>[0], { caseId });
}

/** The step a case is in (the leaf state: steps are states of `open`, or `detected`, or `closed`). */
export function stepOf(snapshot: CaseSnapshot): StepId {
  return snapshot.context.step;
}

/** Why the protocol refuses `event` for this case now, or null when the machine accepts it. */
export function whyRefused(snapshot: CaseSnapshot, event: CaseEvent): Refusal | null {
  const refusal = refusalOf(snapshot.context, event);
  if (refusal) return refusal;
  // Every refusal has a rule; a transition the chart lacks is the step not accepting the event.
  return snapshot.can(event) ? null : { code: 'notInThisStep', params: { event: event.type, step: stepOf(snapshot) } };
}

/** Applies one already-validated event; refuses, with the protocol's reason, what the case does not accept now. */
export function applyCaseEvent(snapshot: CaseSnapshot, event: CaseEvent, index = 0, previousAt?: string): CaseSnapshot {
  if (previousAt !== undefined && Date.parse(event.at) < Date.parse(previousAt)) {
    throw new ReplayError(index, { code: 'timeOrder', eventType: event.type, detail: `time ${event.at} is before the previous event (${previousAt})` });
  }
  const refusal = whyRefused(snapshot, event);
  if (refusal) throw new ReplayError(index, { code: 'refused', eventType: event.type, refusal });
  return step(caseMachine, snapshot, event);
}

/**
 * An event a stored log holds that the rules of this version would refuse: it was accepted when it was
 * recorded (by an earlier version, or on another device before a merge). Kept, applied as recorded, and shown
 * to the team, never dropped (docs/decisions/0010).
 */
export interface Departure {
  index: number;
  eventType: string;
  refusal: Refusal;
}

// The same chart with the rules lifted: only for applying, as recorded, what a stored log already holds.
const asRecorded = caseMachine.provide({ guards: { allowed: () => true } });

/**
 * Rebuilds a case from a log that was recorded (stored on this device, in a backup, or merged from another):
 * every event is applied; those the rules refuse now are listed as departures. Shapes are still checked.
 */
export function replayRecorded(events: readonly unknown[], caseId = 'case'): { snapshot: CaseSnapshot; departures: Departure[] } {
  let snapshot = initialSnapshot(caseId);
  const departures: Departure[] = [];
  events.forEach((raw, index) => {
    const parsed = parseEvent(raw);
    if (!parsed.ok) throw new ReplayError(index, parsed.problem);
    const refusal = whyRefused(snapshot, parsed.event);
    if (!refusal) {
      snapshot = step(caseMachine, snapshot, parsed.event);
      return;
    }
    departures.push({ index, eventType: parsed.event.type, refusal });
    // (A snapshot carries its machine's guards: it is moved to the lifted chart for this one event, and back.)
    const next = step(asRecorded, asRecorded.resolveState({ value: snapshot.value, context: snapshot.context }), parsed.event);
    snapshot = caseMachine.resolveState({ value: next.value, context: next.context });
  });
  return { snapshot, departures };
}

/** Builds a case from its event log (the source of truth). Untrusted input is validated event by event. */
export function replay(events: readonly unknown[], caseId = 'case'): CaseSnapshot {
  let snapshot = initialSnapshot(caseId);
  let previousAt: string | undefined;
  events.forEach((raw, index) => {
    const parsed = parseEvent(raw);
    if (!parsed.ok) throw new ReplayError(index, parsed.problem);
    snapshot = applyCaseEvent(snapshot, parsed.event, index, previousAt);
    previousAt = parsed.event.at;
  });
  return snapshot;
}

export interface StoredSnapshot {
  machineVersion: number;
  snapshot: unknown;
  /** Events of the log that the rules of this version would refuse (see `replayRecorded`). */
  departures?: Departure[];
}

export function persist(snapshot: CaseSnapshot, departures: Departure[] = []): StoredSnapshot {
  return {
    machineVersion: CASE_MACHINE_VERSION,
    snapshot: JSON.parse(JSON.stringify(caseMachine.getPersistedSnapshot(snapshot))),
    ...(departures.length ? { departures } : {}),
  };
}

/**
 * Restores a cached snapshot, or rebuilds it from the log (as recorded) when the cache is from another machine
 * version or no longer fits the machine (XState reports that as an error snapshot, which must never reach the user).
 */
export function restore(stored: StoredSnapshot | undefined, events: readonly unknown[], caseId = 'case'): { snapshot: CaseSnapshot; rebuilt: boolean; departures: Departure[] } {
  if (stored && stored.machineVersion === CASE_MACHINE_VERSION) {
    try {
      const actor = createActor(caseMachine, { input: { caseId }, snapshot: stored.snapshot as CaseSnapshot });
      let failed = false;
      actor.subscribe({ error: () => (failed = true) });
      actor.start();
      const snapshot = actor.getSnapshot();
      actor.stop();
      if (!failed && snapshot.status === 'active' && typeof snapshot.context?.step === 'string') {
        return { snapshot, rebuilt: false, departures: stored.departures ?? [] };
      }
    } catch {
      // fall through to replay
    }
  }
  return { ...replayRecorded(events, caseId), rebuilt: true };
}
