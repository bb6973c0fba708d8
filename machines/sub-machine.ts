import { transition } from 'xstate';
import type { AnyStateMachine, EventFromLogic } from 'xstate';

/**
 * Sub-processes (one per evidence item, referral, …) are XState machines advanced purely with `transition`
 * and stored as plain JSON inside the case context: one root actor per case, nothing spawned (spawned
 * children do not survive a JSON round trip reliably in XState 5).
 */
export interface SubState {
  value: string;
  context: Record<string, unknown>;
}

function resolve(machine: AnyStateMachine, s: SubState) {
  return machine.resolveState({ value: s.value, context: s.context });
}

export function subStart(machine: AnyStateMachine, context: Record<string, unknown> = {}): SubState {
  const snap = machine.resolveState({ value: machine.config.initial as string, context });
  return { value: snap.value as string, context: snap.context as Record<string, unknown> };
}

export function subCan<M extends AnyStateMachine>(machine: M, s: SubState, event: EventFromLogic<M>): boolean {
  return resolve(machine, s).can(event);
}

export function subNext<M extends AnyStateMachine>(machine: M, s: SubState, event: EventFromLogic<M>): SubState {
  const [next] = transition(machine as AnyStateMachine, resolve(machine, s), event);
  const snap = next as { value: unknown; context: unknown };
  return { value: snap.value as string, context: snap.context as Record<string, unknown> };
}
