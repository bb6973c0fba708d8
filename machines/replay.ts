import { createActor, initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { CASE_MACHINE_VERSION, caseMachine } from './case-machine';
import { parseEvent } from './events';
import type { CaseEvent, EventProblem } from './events';

export type CaseSnapshot = SnapshotFrom<typeof caseMachine>;

export type ReplayProblem = EventProblem | { code: 'notAllowed'; detail: string } | { code: 'timeOrder'; detail: string };

/** Says which event of a log is wrong and why, so a person can fix the file. */
export class ReplayError extends Error {
  constructor(
    readonly index: number,
    readonly problem: ReplayProblem,
  ) {
    super(`event ${index}: ${describeProblem(problem)}`);
    this.name = 'ReplayError';
  }
}

export function describeProblem(p: ReplayProblem): string {
  switch (p.code) {
    case 'notAnObject':
      return 'not an object';
    case 'unknownType':
      return `unknown event type "${p.detail ?? ''}"`;
    case 'missingField':
      return `missing field "${p.field ?? ''}"`;
    case 'unknownField':
      return `unknown field "${p.field ?? ''}"`;
    case 'badField':
      return `field "${p.field ?? ''}": ${p.detail ?? 'invalid'}`;
    case 'notAllowed':
    case 'timeOrder':
      return p.detail;
  }
}

export function initialSnapshot(caseId: string): CaseSnapshot {
  return initialTransition(caseMachine, { caseId })[0];
}

export function stepOf(snapshot: CaseSnapshot): string {
  return typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0] ?? '';
}

/** Applies one already-validated event; refuses what the protocol does not allow in the current step. */
export function applyCaseEvent(snapshot: CaseSnapshot, event: CaseEvent, index = 0, previousAt?: string): CaseSnapshot {
  if (previousAt !== undefined && Date.parse(event.at) < Date.parse(previousAt)) {
    throw new ReplayError(index, { code: 'timeOrder', detail: `time ${event.at} is before the previous event (${previousAt})` });
  }
  if (!snapshot.can(event)) {
    throw new ReplayError(index, { code: 'notAllowed', detail: `"${event.type}" is not allowed in step "${stepOf(snapshot)}"` });
  }
  return transition(caseMachine, snapshot, event)[0];
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
}

export function persist(snapshot: CaseSnapshot): StoredSnapshot {
  return { machineVersion: CASE_MACHINE_VERSION, snapshot: JSON.parse(JSON.stringify(caseMachine.getPersistedSnapshot(snapshot))) };
}

/**
 * Restores a cached snapshot, or rebuilds it from the log when the cache is from another machine version or
 * no longer fits the machine (XState reports that as an error snapshot, which must never reach the user).
 */
export function restore(stored: StoredSnapshot | undefined, events: readonly unknown[], caseId = 'case'): { snapshot: CaseSnapshot; rebuilt: boolean } {
  if (stored && stored.machineVersion === CASE_MACHINE_VERSION) {
    try {
      const actor = createActor(caseMachine, { input: { caseId }, snapshot: stored.snapshot as CaseSnapshot });
      let failed = false;
      actor.subscribe({ error: () => (failed = true) });
      actor.start();
      const snapshot = actor.getSnapshot();
      actor.stop();
      if (!failed && snapshot.status === 'active' && caseMachine.getStateNodeById(`case.${stepOf(snapshot)}`)) {
        return { snapshot, rebuilt: false };
      }
    } catch {
      // fall through to replay
    }
  }
  return { snapshot: replay(events, caseId), rebuilt: true };
}
