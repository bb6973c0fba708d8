import { assign } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { caseMachine } from '../../machines/case-machine';
import type { CaseContext } from '../../machines/case-context';
import { applyEvent } from '../../machines/case-reducer';
import type { CaseEvent } from '../../machines/events';
import { RULES, refusalOf } from '../../machines/rules';
import { AUTHORITY_FOR } from '../../protocol/authority';
import type { ChannelId } from '../../protocol/channels';
import type { RefusalCode } from '../../protocol/refusals';
import { HEAD_INFORMED_BY } from '../../protocol/safety';
import type { TriggerId } from '../../protocol/triggers';

/**
 * Hand-made faults in the machine, each one a way a change could break a safety rule: a guard dropped, a channel
 * list widened, a reset forgotten on reopening, a "no" let through over an implied trigger. The model checks
 * must find every one (tests/model/mutants.test.ts). A mutant is a variant of the machine (XState's `provide`),
 * or the real machine over protocol data changed for the time of the run.
 */
export interface Mutant {
  name: string;
  /** The machine to walk, and what to undo afterwards. */
  make: () => { machine: AnyStateMachine; undo?: () => void };
}

const without = (...codes: RefusalCode[]): Mutant['make'] => () => ({
  machine: caseMachine.provide({ guards: { allowed: ({ context, event }: { context: CaseContext; event: CaseEvent }) => refusalOf(context, event, RULES.filter((r) => !codes.includes(r.code))) === null } }),
});

function widen(trigger: TriggerId, channel: ChannelId): Mutant['make'] {
  return () => {
    const table = AUTHORITY_FOR as Record<TriggerId, readonly ChannelId[]>;
    const before = table[trigger];
    table[trigger] = [...before, channel];
    return { machine: caseMachine, undo: () => (table[trigger] = before) };
  };
}

const reducer = (type: CaseEvent['type'], change: (ctx: CaseContext, e: CaseEvent) => CaseContext): Mutant['make'] => () => ({
  machine: caseMachine.provide({
    actions: {
      apply: assign(({ context, event }: { context: CaseContext; event: CaseEvent }) => (event.type === type ? change(context, event) : applyEvent(context, event))),
    },
  }),
});

export const MUTANTS: readonly Mutant[] = [
  { name: 'leaving emergency needs no authority', make: without('emergencyNeedsAuthority') },
  { name: 'leaving emergency needs no safe child', make: without('emergencyNeedsSafety') },
  { name: 'the AREF counts as the authority for an adult involved (T3)', make: widen('T3', 'aref') },
  { name: 'the listening cell counts as the authority for a child in danger (T1)', make: widen('T1', 'listeningCell') },
  { name: 'e-Blagh counts for an adult involved (T3)', make: widen('T3', 'eBlagh') },
  { name: 'track A after T2/T3/T4/T6', make: without('trackBOnly') },
  { name: 'track A after T1/T5/T7 without the head', make: without('trackANeedsHead') },
  { name: 'school interviews during a police investigation', make: without('parallelInvestigation') },
  { name: 'shared concern with an adult', make: without('mppWithAdult') },
  { name: 'a "no" overrides an implied or recorded yes', make: without('yesIsFinal', 'impliedByParty', 'impliedByCategory') },
  { name: 'closure without the emergency handled', make: without('hardTriggerNotHandled') },
  { name: 'closure without a decision for each family', make: without('noParentDecision') },
  { name: 'a resolved closure inside the monitoring window', make: without('monitoringWindowOpen') },
  { name: 'intimate images follow the checkbox only', make: () => ({
    machine: caseMachine.provide({
      guards: {
        allowed: ({ context, event }: { context: CaseContext; event: CaseEvent }) => {
          const rules = RULES.map((r) => (r.code !== 'intimateEvidence' ? r : { ...r, check: (c: CaseContext, e: CaseEvent) => r.check({ ...c, categoriesEver: [], yesHistory: [], evidence: c.evidence }, e) }));
          return refusalOf(context, event, rules) === null;
        },
      },
    }),
  }) },
  { name: 'a yes waits for the end of triage', make: () => ({ machine: caseMachine.provide({ guards: { escalates: () => false } }) }) },
  {
    name: 'reopening keeps the old answers',
    make: reducer('case.reopen', (ctx, e) => ({ ...applyEvent(ctx, e), triggers: ctx.triggers })),
  },
  {
    name: 'reopening keeps the families’ decisions',
    make: reducer('case.reopen', (ctx, e) => ({ ...applyEvent(ctx, e), families: ctx.families })),
  },
  {
    name: 'telling the case lead is enough',
    make: () => {
      const list = HEAD_INFORMED_BY as string[];
      list.push('caseLead');
      return { machine: caseMachine, undo: () => list.pop() };
    },
  },
  {
    name: 'a stopped track A series goes on after a hard trigger',
    make: reducer('trigger.answer', (ctx, e) => {
      const next = applyEvent(ctx, e);
      return ctx.track === 'A' ? { ...next, track: 'A', intervention: ctx.intervention } : next;
    }),
  },
];
